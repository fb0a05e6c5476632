import type { Core } from '@strapi/strapi';
import { registerAccountCleanup } from './account-cleanup';

/** Named steps run in register(), in order. Document Service middlewares and lifecycles belong here. */
const steps: Array<(strapi: Core.Strapi) => void | Promise<void>> = [registerAccountCleanup];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const step of steps) await step(strapi);
};
