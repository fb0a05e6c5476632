import type { Step } from '@haven/shared/server/strapi';
import { config, getService } from './get-service';

/** Prepares the configured search engine, then starts the outbox worker that keeps it in step. */
async function startSearch() {
  const engine = await getService('search').init();
  getService('sync').start(engine, config().sync);
}

/** Named steps run in bootstrap(), in order. */
export default [startSearch] satisfies Step[];
