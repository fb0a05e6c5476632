/** Configuration of the library plugin, read from the environment at start. */
export interface LibraryConfig {
  engine: 'database' | 'meilisearch';
}

export default {
  default: ({ env }: { env: (key: string, fallback?: string) => string }): LibraryConfig => ({
    engine: env('MEILISEARCH_HOST', '') ? 'meilisearch' : 'database',
  }),
  validator(config: LibraryConfig) {
    if (!['database', 'meilisearch'].includes(config.engine)) throw new Error('library.engine must be database or meilisearch');
  },
};
