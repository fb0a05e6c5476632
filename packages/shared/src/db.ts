/**
 * Database helpers for plugins (server only): indexes the schema files cannot express, and telling a
 * unique-constraint violation apart from other failures, on SQLite and PostgreSQL alike.
 */
import type { Core } from '@strapi/strapi';
import { tableNameOf } from './strapi';

export interface IndexSpec {
  /** Content type, e.g. "plugin::wellness.entry". */
  uid: string;
  /** Index name, unique in the database. */
  name: string;
  /** Attribute names (camelCase, as in schema.json), in index order. */
  attributes: string[];
  unique?: boolean;
}

interface AttributeMeta {
  columnName?: string;
  joinTable?: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
}

/** The column behind an attribute of a content type. */
export function columnOf(strapi: Core.Strapi, uid: string, attribute: string): string {
  const meta = strapi.db.metadata.get(uid as never) as unknown as { attributes: Record<string, AttributeMeta> } | undefined;
  return meta?.attributes[attribute]?.columnName ?? attribute.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * The link table of a relation attribute (Strapi 5 keeps every relation in one): its name, the column
 * holding this side's id (`from`) and the column holding the target's id (`to`).
 */
export function joinOf(strapi: Core.Strapi, uid: string, attribute: string): { table: string; from: string; to: string } {
  const meta = strapi.db.metadata.get(uid as never) as unknown as { attributes: Record<string, AttributeMeta> } | undefined;
  const joinTable = meta?.attributes[attribute]?.joinTable;
  if (!joinTable) throw new Error(`${uid}.${attribute} is not a relation with a link table`);
  return { table: joinTable.name, from: joinTable.joinColumn.name, to: joinTable.inverseJoinColumn.name };
}


/**
 * Creates the indexes when missing (safe at every start). A unique index that cannot be created
 * (duplicates already stored) stops the start: the code relies on it for correctness.
 */
export async function ensureIndexes(strapi: Core.Strapi, specs: IndexSpec[]): Promise<void> {
  for (const index of specs) {
    const columns = index.attributes.map((attribute) => columnOf(strapi, index.uid, attribute));
    const sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ?? ON ?? (${columns.map(() => '??').join(', ')})`;
    try {
      await strapi.db.connection.raw(sql, [index.name, tableNameOf(strapi, index.uid), ...columns]);
    } catch (err) {
      if (index.unique) throw new Error(`could not create unique index ${index.name}: ${(err as Error).message}`);
      strapi.log.error(`could not create index ${index.name}: ${(err as Error).message}`);
    }
  }
}

/** True for a unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const code = String(e.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT') || /unique constraint|UNIQUE constraint failed|duplicate key/i.test(String(e.message ?? ''));
}
