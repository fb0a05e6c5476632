import type { Step } from '@haven/shared/server/strapi';
import { ensureIndexes } from './db/indexes';
import { config, getService } from './get-service';

/** Prepares the configured search engine, then starts the outbox worker that keeps it in step. */
async function startSearch() {
  const engine = await getService('search').init();
  getService('sync').start(engine, config().sync);
}

/** Forgets search and view counts older than they are kept, now and daily. */
const startPruning = () => getService('engagement').startPruning();

/** Named steps run in bootstrap(), in order. */
export default [ensureIndexes, startSearch, startPruning] satisfies Step[];
