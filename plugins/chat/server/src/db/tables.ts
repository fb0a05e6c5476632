/**
 * The chat's tables through Strapi's Query Engine, typed by their rows. What the Query Engine cannot
 * express (multi-row batch writes, conditional updates, grouped counts) is in the other db/ modules.
 */
import type { Core } from '@strapi/strapi';
import { tableMeta } from '@haven/shared/server/db';
import { tableOf } from '@haven/shared/server/strapi';
import type { ConversationRecord } from './rows';
import { UID } from './uids';

/** A sign-in session as the chat reads it. */
export interface SessionRecord {
  sessionId: string;
  expiresAt: string;
}

export function tables(strapi: Core.Strapi) {
  return {
    conversations: tableOf<ConversationRecord>(strapi, UID.conversation),
    sessions: tableOf<SessionRecord>(strapi, UID.session),
  };
}

/** Table and column names of the chat's two tables, from Strapi's own metadata (for the raw SQL in db/). */
export function chatTables(strapi: Core.Strapi) {
  return { msg: tableMeta(strapi, UID.message), conv: tableMeta(strapi, UID.conversation) };
}
export type ChatTables = ReturnType<typeof chatTables>;
