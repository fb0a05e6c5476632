import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/server/strapi';
import { ensurePaymentIndexes } from './db/rows';
import { config, getService } from './get-service';
import { paymentActions } from './permissions';

/** Admin-panel permissions of the Payments page (the Super Admin holds every registered action). */
async function registerAdminActions(strapi: Core.Strapi) {
  const permissions = strapi.service('admin::permission') as unknown as { actionProvider: { registerMany(actions: typeof paymentActions): Promise<void> } };
  await permissions.actionProvider.registerMany(paymentActions);
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
