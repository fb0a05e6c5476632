import type { Core } from '@strapi/strapi';

/** Named steps run in destroy(): stop workers, close servers. */
const steps: Array<(strapi: Core.Strapi) => void | Promise<void>> = [];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const step of steps) await step(strapi);
};
