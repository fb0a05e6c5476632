import type { Core } from '@strapi/strapi';
import { getService } from './get-service';

/** Named steps run in destroy(): stop following bookings. */
const steps: Array<(strapi: Core.Strapi) => void | Promise<void>> = [() => getService('booking-sync').unsubscribe()];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const step of steps) await step(strapi);
};
