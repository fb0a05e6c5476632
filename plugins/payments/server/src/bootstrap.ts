import type { Core } from '@strapi/strapi';
import type { PaymentsConfig } from './config';
import { ensurePaymentIndexes } from './db/rows';
import { getService } from './get-service';
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
function startWorkers(strapi: Core.Strapi) {
  if ((strapi.config.get('plugin::payments') as PaymentsConfig).workers) getService('refunds').startRetrier();
}

/** Named steps run in bootstrap(), in order. Each lives in its own module. */
const steps: Array<(strapi: Core.Strapi) => void | Promise<void>> = [registerAdminActions, ensurePaymentIndexes, followBookings, startWorkers];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const step of steps) await step(strapi);
};
