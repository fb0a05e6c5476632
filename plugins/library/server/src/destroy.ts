import type { Core } from '@strapi/strapi';
import { getService } from './get-service';

const stopSync = () => getService('sync').stop();

/** Named steps run in destroy(): stop workers, close servers. */
const steps: Array<(strapi: Core.Strapi) => void | Promise<void>> = [stopSync];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const step of steps) await step(strapi);
};
