/** Configuration of the library plugin, read from the environment at start. */
export interface LibraryConfig {
  engine: 'database' | 'meilisearch';
  meilisearch: {
    /** Where the CMS reaches Meilisearch. */
    host: string;
    /** Master or admin key: stays on the server. */
    apiKey: string;
    /** Search-only key given to browsers; found through the admin key when not set. */
    searchKey: string;
    /** Where browsers reach Meilisearch (defaults to host). */
    publicHost: string;
    indexUid: string;
    /** Per-request time limit, so a hung Meilisearch cannot stall syncs and searches. */
    timeoutMs: number;
  };
  sync: {
    /** First retry delay of a failed sync; doubles per attempt up to maxRetryDelayMs. */
    retryDelayMs: number;
    maxRetryDelayMs: number;
    /** How often the outbox is looked at for due retries. */
    pollIntervalMs: number;
  };
}

type Env = (key: string, fallback?: string) => string;

export default {
  default: ({ env }: { env: Env }): LibraryConfig => ({
    engine: env('MEILISEARCH_HOST', '') ? 'meilisearch' : 'database',
    meilisearch: {
      host: env('MEILISEARCH_HOST', ''),
      apiKey: env('MEILISEARCH_ADMIN_KEY', env('MEILISEARCH_MASTER_KEY', '')),
      searchKey: env('MEILISEARCH_SEARCH_KEY', ''),
      publicHost: env('MEILISEARCH_PUBLIC_HOST', env('MEILISEARCH_HOST', '')),
      indexUid: env('MEILISEARCH_INDEX', 'resources'),
      timeoutMs: Number(env('MEILISEARCH_TIMEOUT_MS', '10000')),
    },
    sync: {
      retryDelayMs: Number(env('SEARCH_SYNC_RETRY_MS', '2000')),
      maxRetryDelayMs: Number(env('SEARCH_SYNC_MAX_RETRY_MS', '300000')),
      pollIntervalMs: Number(env('SEARCH_SYNC_POLL_MS', '5000')),
    },
  }),
  validator(config: LibraryConfig) {
    if (!['database', 'meilisearch'].includes(config.engine)) throw new Error('library.engine must be database or meilisearch');
    if (config.engine === 'meilisearch') {
      try {
        new URL(config.meilisearch.host);
      } catch {
        throw new Error(`MEILISEARCH_HOST must be a URL such as http://127.0.0.1:7700, not "${config.meilisearch.host}"`);
      }
    }
    for (const key of ['retryDelayMs', 'maxRetryDelayMs', 'pollIntervalMs'] as const) {
      if (!Number.isFinite(config.sync[key]) || config.sync[key] < 10) throw new Error(`library.sync.${key} must be a number of milliseconds ≥ 10`);
    }
  },
};
