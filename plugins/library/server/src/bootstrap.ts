import type { Core } from '@strapi/strapi';
import type { LibraryConfig } from './config';
import { getService } from './get-service';

/** Prepares the configured search engine, then starts the outbox worker that keeps it in step. */
async function startSearch(strapi: Core.Strapi) {
  const engine = await getService('search').init();
  getService('sync').start(engine, (strapi.config.get('plugin::library') as LibraryConfig).sync);
}

/** Named steps run in bootstrap(), in order. */
const steps: Array<(strapi: Core.Strapi) => void | Promise<void>> = [startSearch];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const step of steps) await step(strapi);
};
