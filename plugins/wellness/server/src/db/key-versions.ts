import type { Core } from '@strapi/strapi';
import { tableMeta } from '@haven/shared/server/db';
import { tableNameOf } from '@haven/shared/server/strapi';
import { UID } from './uids';

/** How many data keys each master key version wraps, newest version first (a GROUP BY the Query Engine cannot express). */
export async function dataKeysPerVersion(strapi: Core.Strapi): Promise<{ version: number; keys: number }[]> {
  const column = tableMeta(strapi, UID.dataKey).column('keyVersion');
  const rows = await strapi.db
    .connection(tableNameOf(strapi, UID.dataKey))
    .select({ version: column })
    .count<{ version: number | string; keys: number | string }[]>({ keys: '*' })
    .groupBy(column)
    .orderBy(column, 'desc');
  return rows.map((row) => ({ version: Number(row.version), keys: Number(row.keys) }));
}
