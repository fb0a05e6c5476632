/**
 * The database's own refusal to change or remove an audit entry: triggers on the audit table that
 * abort every UPDATE and DELETE (and, on PostgreSQL, TRUNCATE), whoever sends it: Strapi, a script,
 * or a staff member who found a way around the routes. Created by a bootstrap step, idempotently,
 * on SQLite and PostgreSQL. Someone who can change the schema (drop the triggers, the table or the
 * database) can still remove rows: that is the limit, see README.
 */
import type { Core } from '@strapi/strapi';
import { tableMeta } from '@haven/shared/server/db';
import { UID } from './uids';

export const APPEND_ONLY_MESSAGE = 'audit entries are append-only';

const SQLITE_TRIGGERS = (table: string) =>
  (['UPDATE', 'DELETE'] as const).map(
    (verb) =>
      `CREATE TRIGGER IF NOT EXISTS "${table}_no_${verb.toLowerCase()}" BEFORE ${verb} ON "${table}" ` +
      `BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE}'); END`,
  );

const POSTGRES_FUNCTION = `CREATE OR REPLACE FUNCTION haven_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '${APPEND_ONLY_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END
$$`;

/** DROP + CREATE in one transaction: the table is never without its triggers, and a restart changes nothing. */
const POSTGRES_TRIGGERS = (table: string) => [
  `DROP TRIGGER IF EXISTS "${table}_no_change" ON "${table}"`,
  `CREATE TRIGGER "${table}_no_change" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION haven_audit_refuse_change()`,
  `DROP TRIGGER IF EXISTS "${table}_no_truncate" ON "${table}"`,
  `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION haven_audit_refuse_change()`,
];

/** Table names come from Strapi's metadata (never from input); still, refuse anything but a plain identifier. */
function safeIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(name)) throw new Error(`[audit] unexpected table name ${name}`);
  return name;
}

/** A bootstrap step: the append-only triggers of the audit table. A failure stops the start. */
export async function ensureAppendOnly(strapi: Core.Strapi): Promise<void> {
  const table = safeIdentifier(tableMeta(strapi, UID.entry).table);
  const knex = strapi.db.connection;
  if (strapi.db.dialect.client === 'postgres') {
    await knex.transaction(async (trx) => {
      await trx.raw(POSTGRES_FUNCTION);
      for (const sql of POSTGRES_TRIGGERS(table)) await trx.raw(sql);
    });
    return;
  }
  if (strapi.db.dialect.client === 'sqlite') {
    for (const sql of SQLITE_TRIGGERS(table)) await knex.raw(sql);
    return;
  }
  throw new Error(`[audit] no append-only triggers for the database client ${strapi.db.dialect.client}: the audit log supports SQLite and PostgreSQL`);
}
