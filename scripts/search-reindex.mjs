#!/usr/bin/env node
/**
 * `npm run search:reindex`: rebuilds the library's search index from every published resource,
 * with whichever engine is configured (Meilisearch when MEILISEARCH_HOST is set, else the database's
 * own full-text tables). Safe to run while the CMS is running: it boots Strapi without listening,
 * empties the index, sends the published resources in batches and exits.
 *
 * Reads the same configuration as the CMS: the environment, then `.env` at the repository root for
 * whatever the environment does not set. Run `npm run build:cms` first (Strapi loads compiled code).
 * Exit codes: 0 done; 1 failed (the message says why); 130/143 interrupted.
 */
import { progress, runMaintenance, seconds } from './lib/maintenance.mjs';

await runMaintenance({
  name: 'search:reindex',
  plugin: 'library',
  service: 'search',
  interrupted: 'the index may be incomplete; run it again.',
  async work({ strapi, service: search }) {
    const engine = search.engine();
    const config = strapi.config.get('plugin::library');
    const where = engine.name === 'meilisearch' ? `Meilisearch at ${config.meilisearch.host}, index "${config.meilisearch.indexUid}"` : `the ${strapi.db.dialect.client} database`;
    console.log(`Rebuilding the library search index in ${where}…`);
    const bar = progress('resources');
    const result = await search.reindex((done, total) => bar.update(done, total));
    bar.stop();
    console.log(`✔ Reindexed ${result.total} published resource${result.total === 1 ? '' : 's'} in ${seconds()} s.`);
  },
});
