import type { Core } from '@strapi/strapi';
import { HavenError } from '@haven/shared/errors';
import { config } from '../get-service';
import { publishedResources } from '../db/resources';
import { createSearchEngine } from '../search';
import type { BrowserSearchConfig, SearchEngine, SearchQuery, SearchResult } from '../search/types';
import { browserConfigView } from '../views';

/** The visitor's answer when the engine fails: kind, and never the engine's own words (they may name hosts or keys). */
const searchUnavailable = () => new HavenError(503, 'SearchUnavailable', 'Search is unavailable right now. Please try again in a moment.');

/** Owns the configured search engine: start-up, queries and full rebuilds. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let engine: SearchEngine | null = null;

  const service = {
    async init(): Promise<SearchEngine> {
      const current = createSearchEngine(strapi, config());
      engine = current;
      try {
        await current.init();
        if (current.needsRebuild) {
          // The stored index had an older shape and was emptied: refill it without holding up the start.
          strapi.log.info('[library] search tables changed shape: rebuilding the index from published resources');
          void service.reindex().then(
            ({ total }) => strapi.log.info(`[library] search index rebuilt: ${total} resources`),
            (err: Error) => strapi.log.error(`[library] search index rebuild failed: ${err.message} (run npm run search:reindex)`),
          );
        }
      } catch (err) {
        // Meilisearch may be down at start: searches fail until it is back; the outbox keeps every change.
        strapi.log.error(`[library] search engine "${current.name}" could not be prepared: ${(err as Error).message}`);
      }
      return current;
    },

    engine(): SearchEngine {
      if (!engine) throw new Error('The library search engine is not started yet');
      return engine;
    },

    /** One search; an engine failure is logged and answered as a kind 503. */
    async search(query: SearchQuery): Promise<SearchResult> {
      try {
        return await service.engine().search(query);
      } catch (err) {
        strapi.log.error(`[library] search failed: ${(err as Error).message}`);
        throw searchUnavailable();
      }
    },

    /** How a browser may search by itself; the database engine (no direct search) when that cannot be told. */
    async browserConfig(): Promise<BrowserSearchConfig> {
      try {
        return browserConfigView.pick(await service.engine().browserConfig());
      } catch (err) {
        strapi.log.error(`[library] search config: ${(err as Error).message}`);
        return { engine: 'database' };
      }
    },

    /** Rebuilds the index from every published resource; reports progress as (done, total). */
    async reindex(onProgress: (done: number, total: number) => void = () => undefined): Promise<{ total: number }> {
      const current = service.engine();
      const published = publishedResources(strapi);
      const total = await published.count();
      await current.init();
      await current.clear();
      let done = 0;
      onProgress(done, total);
      for await (const batch of published.pages(500)) {
        await current.upsert(batch);
        done += batch.length;
        onProgress(done, total);
      }
      return { total: done };
    },
  };
  return service;
};
