import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/haven';
import { startMeilisearchStandin } from '../helpers/meilisearch-standin';

// Boots no Strapi: the library's Meilisearch engine alone against the stand-in.
const require = createRequire(import.meta.url);

/** The engine on its own, for what a running Haven cannot easily show: a start while Meilisearch is away, and a Meilisearch that hangs. */
describe('MeilisearchEngine', () => {
  const { MeilisearchEngine } = require(path.join(ROOT, 'plugins', 'library', 'dist', 'server', 'search', 'meilisearch.js'));
  const log = { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined };
  const doc = (id: string, extra: Record<string, unknown> = {}) => ({
    id, slug: id, title: `Title ${id}`, summary: 'Calm breathing', body: '', kind: 'article', categories: ['stress'], categoryNames: ['Stress'], tags: [], coverUrl: null, durationMinutes: 1, publishedAt: Date.now(), ...extra,
  });

  it('applies the index settings once Meilisearch is back when it was away at start', async () => {
    const standin = await startMeilisearchStandin();
    try {
      await standin.outage('refuse');
      const engine = new MeilisearchEngine({ log }, { host: standin.url, apiKey: standin.keys.admin, searchKey: '', publicHost: '', indexUid: 'late' });
      await expect(engine.init()).rejects.toThrow();
      await standin.outage('none');
      await engine.upsert([doc('one')]);
      expect(standin.settings('late')).toMatchObject({ filterableAttributes: ['categories', 'kind'], sortableAttributes: ['publishedAt'] });
      const result = await engine.search({ q: 'calm', categories: ['stress'], kinds: ['article'], page: 1, pageSize: 10 });
      expect(result.hits.map((h: any) => h.id)).toEqual(['one']);
    } finally {
      await standin.close();
    }
  });

  it('gives up on a Meilisearch that never answers instead of waiting for ever', async () => {
    const standin = await startMeilisearchStandin();
    try {
      const engine = new MeilisearchEngine({ log }, { host: standin.url, apiKey: standin.keys.admin, searchKey: '', publicHost: '', indexUid: 'slow', timeoutMs: 300 });
      await engine.init();
      await standin.outage('hang');
      const started = Date.now();
      await expect(engine.upsert([doc('two')])).rejects.toThrow(/timed out/);
      await expect(engine.search({ q: 'calm', categories: [], kinds: [], page: 1, pageSize: 10 })).rejects.toThrow(/timed out/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await standin.close();
    }
  });
});
