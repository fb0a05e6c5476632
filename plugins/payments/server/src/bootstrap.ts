import type { Core } from '@strapi/strapi';

/** Named steps run in bootstrap(), in order: indexes, seeding, workers. Each lives in its own module. */
const steps: Array<(strapi: Core.Strapi) => void | Promise<void>> = [];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const step of steps) await step(strapi);
};
