import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/strapi';
import type { LibraryConfig } from './config';
import { getService } from './get-service';

/** Prepares the configured search engine, then starts the outbox worker that keeps it in step. */
async function startSearch(strapi: Core.Strapi) {
  const engine = await getService('search').init();
  getService('sync').start(engine, (strapi.config.get('plugin::library') as LibraryConfig).sync);
}

/** Named steps run in bootstrap(), in order. */
export default [startSearch] satisfies Step[];
