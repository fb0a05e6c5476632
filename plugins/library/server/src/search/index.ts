import type { Core } from '@strapi/strapi';
import type { LibraryConfig } from '../config';
import type { SearchEngine } from './types';
import { SqliteSearchEngine } from './database-sqlite';
import { PostgresSearchEngine } from './database-postgres';
import { MeilisearchEngine } from './meilisearch';

/** Picks the engine from configuration: Meilisearch when MEILISEARCH_HOST is set, else the database's own full-text search. */
export function createSearchEngine(strapi: Core.Strapi, config: LibraryConfig): SearchEngine {
  if (config.engine === 'meilisearch') return new MeilisearchEngine(strapi, config.meilisearch);
  const client = strapi.db.dialect.client;
  if (client === 'postgres') return new PostgresSearchEngine(strapi);
  if (client === 'sqlite') return new SqliteSearchEngine(strapi);
  throw new Error(`The library's database search supports SQLite and PostgreSQL, not ${client}`);
}

export type { SearchEngine } from './types';
