import type { Core } from '@strapi/strapi';
import { tableNameOf } from '@haven/shared/server/strapi';
import type { Target } from '../lib/validation';
import { UID } from './uids';

/** Reactions on one post or reply, counted per kind in one grouped query (the Query Engine has no GROUP BY). */
export async function reactionCountsByKind(strapi: Core.Strapi, target: Target, documentId: string): Promise<{ kind: string; n: number }[]> {
  const rows: { kind: string; n: number | string }[] = await strapi.db
    .connection(tableNameOf(strapi, UID.reaction))
    .select('kind')
    .count({ n: '*' })
    .where({ target_type: target, target_id: documentId })
    .groupBy('kind');
  return rows.map((row) => ({ kind: row.kind, n: Number(row.n) }));
}
