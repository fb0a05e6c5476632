import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/server/strapi';
import { ensurePaymentIndexes } from './db/indexes';
import { config, getService } from './get-service';
import { paymentActions } from './permissions';

/** The part of admin::permission's action provider that payments uses. */
interface AdminActionProvider {
  registerMany(actions: typeof paymentActions): Promise<void>;
}

/** Admin-panel permissions of the Payments page (the Super Admin holds every registered action). */
async function registerAdminActions(strapi: Core.Strapi) {
  // Strapi types its services as open records; this names the one member used, checked where it is used.
  const actionProvider: AdminActionProvider = strapi.service('admin::permission').actionProvider;
  await actionProvider.registerMany(paymentActions);
}

/** Follows bookings (refunds on cancellation, closed checkouts on expiry) and becomes their payment gate. */
function followBookings() {
  getService('booking-sync').subscribe();
  getService('booking-sync').registerGate();
}

/** Sends again, under the same idempotency key, refunds an interrupted request left pending. */
function startWorkers() {
  if (config().workers) getService('refunds').startRetrier();
}

/** Named steps run in bootstrap(), in order. Each lives in its own module. */
export default [registerAdminActions, ensurePaymentIndexes, followBookings, startWorkers] satisfies Step[];
