import type { Core } from '@strapi/strapi';
import { getService } from './get-service';

/** Named steps run in destroy(): stop following bookings, stop the refund retrier. */
const steps: Array<(strapi: Core.Strapi) => void | Promise<void>> = [() => getService('booking-sync').unsubscribe(), () => getService('refunds').stopRetrier()];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const step of steps) await step(strapi);
};
