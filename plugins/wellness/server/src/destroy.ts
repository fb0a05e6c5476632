import type { Core } from '@strapi/strapi';
import { getService } from './get-service';

const stopReminders = () => getService('reminders').stop();

/** Named steps run in destroy(): stop workers, close servers. */
const steps: Array<(strapi: Core.Strapi) => void | Promise<void>> = [stopReminders];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const step of steps) await step(strapi);
};
