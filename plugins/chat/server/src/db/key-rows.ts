/**
 * The conversations' wrapped data keys (services/keys.ts): one key row by id, the count of keys
 * under each master key version (a grouped count), and the conditional re-wrap of rotation.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { tableMeta } from '@haven/shared/server/db';
import type { ConversationKeyRow } from './rows';
import { UID } from './uids';

type RawRow = Record<string, unknown>;

export function keyRows(strapi: Core.Strapi) {
  const m = tableMeta(strapi, UID.conversation);
  const knex = strapi.db.connection as Knex;
  const keyRow = (row: RawRow): ConversationKeyRow => ({
    id: Number(row.id),
    documentId: String(row[m.column('documentId')]),
    keyVersion: Number(row[m.column('keyVersion')]),
    wrappedKey: String(row[m.column('wrappedKey')]),
  });
  const keyColumns = ['id', m.column('documentId'), m.column('keyVersion'), m.column('wrappedKey')];
  const notUnder = (version: number) => knex(m.table).whereNot(m.column('keyVersion'), version);

  return {
    async byId(id: number): Promise<ConversationKeyRow | null> {
      const row = (await knex(m.table).where('id', id).first(...keyColumns)) as RawRow | undefined;
      return row ? keyRow(row) : null;
    },

    /** How many data keys each master key version wraps, by version. */
    async countByVersion(): Promise<{ version: number; keys: number }[]> {
      const rows = (await knex(m.table).select(m.column('keyVersion')).count({ n: '*' }).groupBy(m.column('keyVersion')).orderBy(m.column('keyVersion'))) as RawRow[];
      return rows.map((row) => ({ version: Number(row[m.column('keyVersion')]), keys: Number(row.n) }));
    },

    async countNotUnder(version: number): Promise<number> {
      return Number(((await notUnder(version).count({ n: '*' })) as { n: unknown }[])[0].n);
    },

    /** Keys not under `version`, by id after `afterId`. */
    async pageNotUnder(version: number, afterId: number, limit: number): Promise<ConversationKeyRow[]> {
      const rows = (await notUnder(version).where('id', '>', afterId).orderBy('id').limit(limit).select(...keyColumns)) as RawRow[];
      return rows.map(keyRow);
    },

    /** Replaces a wrapped key only if it is still `from` (another process re-wrapping it at once changes nothing). */
    async replace(id: number, from: { version: number; wrapped: string }, to: { version: number; wrapped: string }): Promise<boolean> {
      const changed = await knex(m.table)
        .where({ id, [m.column('keyVersion')]: from.version, [m.column('wrappedKey')]: from.wrapped })
        .update({ [m.column('keyVersion')]: to.version, [m.column('wrappedKey')]: to.wrapped });
      return changed === 1;
    },
  };
}
