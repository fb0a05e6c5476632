import type { Core } from '@strapi/strapi';
import { chatTables, type ChatTables } from '../tables';
import { postgresMessageStore } from './postgres';
import { sqliteMessageStore } from './sqlite';
import type { MessageStore } from './types';

/** The message store of the database Strapi runs on (the chat supports SQLite and PostgreSQL). */
export function createMessageStore(strapi: Core.Strapi): MessageStore {
  // Names come from Strapi's metadata, complete once the database is up: read at the first use.
  let names: ChatTables | null = null;
  const tables = () => (names ??= chatTables(strapi));
  const client = strapi.db.dialect.client;
  if (client === 'sqlite') return sqliteMessageStore(strapi, tables);
  if (client === 'postgres') return postgresMessageStore(strapi, tables);
  throw new Error(`The chat stores messages on SQLite or PostgreSQL, not ${client}`);
}

export type { BatchPlan, MessageStore, Written } from './types';
