import { describe, expect, it } from 'vitest';
import config from '../config';

const env = (values: Record<string, string>) => (key: string, fallback?: string) => values[key] ?? fallback ?? '';

describe('library config', () => {
  it('uses the database engine unless Meilisearch is configured', () => {
    expect(config.default({ env: env({}) }).engine).toBe('database');
    const meili = config.default({ env: env({ MEILISEARCH_HOST: 'http://127.0.0.1:7700', MEILISEARCH_MASTER_KEY: 'master' }) });
    expect(meili.engine).toBe('meilisearch');
    expect(meili.meilisearch).toMatchObject({ apiKey: 'master', publicHost: 'http://127.0.0.1:7700', indexUid: 'resources' });
    expect(() => config.validator(meili)).not.toThrow();
  });

  it('stops the start on a Meilisearch host that is not a URL', () => {
    expect(() => config.validator(config.default({ env: env({ MEILISEARCH_HOST: 'not a url' }) }))).toThrow(/MEILISEARCH_HOST must be a URL/);
  });

  it.each(['SEARCH_SYNC_RETRY_MS', 'SEARCH_SYNC_MAX_RETRY_MS', 'SEARCH_SYNC_POLL_MS'])('stops the start on a bad %s', (name) => {
    expect(() => config.validator(config.default({ env: env({ [name]: 'soon' }) }))).toThrow(/must be a number of milliseconds/);
    expect(() => config.validator(config.default({ env: env({ [name]: '5' }) }))).toThrow(/must be a number of milliseconds/);
  });
});
