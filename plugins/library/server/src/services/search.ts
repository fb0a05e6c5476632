import type { Core } from '@strapi/strapi';
import type { LibraryConfig } from '../config';
import { createSearchEngine } from '../search';
import type { SearchEngine, SearchQuery } from '../search/types';

/** Owns the configured search engine: start-up, queries and full rebuilds. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let engine: SearchEngine | null = null;
  const config = () => strapi.config.get('plugin::library') as LibraryConfig;

  return {
    async init() {
      engine = createSearchEngine(strapi, config());
      try {
        await engine.init();
        if (engine.needsRebuild) {
          // The stored index had an older shape and was emptied: refill it without holding up the start.
          strapi.log.info('[library] search tables changed shape: rebuilding the index from published resources');
          void this.reindex().then(
            ({ total }) => strapi.log.info(`[library] search index rebuilt: ${total} resources`),
            (err) => strapi.log.error(`[library] search index rebuild failed: ${(err as Error).message} (run npm run search:reindex)`),
          );
        }
      } catch (err) {
        // Meilisearch may be down at start: searches fail until it is back; the outbox keeps every change.
        strapi.log.error(`[library] search engine "${engine.name}" could not be prepared: ${(err as Error).message}`);
      }
      return engine;
    },

    engine(): SearchEngine {
      if (!engine) throw new Error('The library search engine is not started yet');
      return engine;
    },

    search(query: SearchQuery) {
      return this.engine().search(query);
    },

    /** Rebuilds the index from every published resource; reports progress as (done, total). */
    async reindex(onProgress: (done: number, total: number) => void = () => undefined) {
      const current = this.engine();
      const documents = strapi.plugin('library').service('documents');
      const total: number = await documents.countPublished();
      await current.init();
      await current.clear();
      let done = 0;
      onProgress(done, total);
      for await (const batch of documents.allPublished(500)) {
        await current.upsert(batch);
        done += batch.length;
        onProgress(done, total);
      }
      return { total: done };
    },
  };
};
