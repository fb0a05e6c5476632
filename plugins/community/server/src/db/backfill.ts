import type { Core } from '@strapi/strapi';
import { UID } from './uids';

/**
 * Posts and replies written before items kept their author's alias get the alias their author has now
 * (the best that is known); from then on each keeps the alias it was written under. Runs at every
 * start, and touches only rows that still lack an alias (none, after the first start).
 */
export async function backfillAuthorAliases(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const members = strapi.db.metadata.get(UID.member).tableName;
  for (const uid of [UID.post, UID.reply]) {
    const table = strapi.db.metadata.get(uid).tableName;
    try {
      const alias = knex(members).select('alias').where('id', knex.ref(`${table}.author_id`));
      await knex(table).whereNull('author_alias').update({ author_alias: alias });
    } catch (err) {
      strapi.log.error(`[community] could not fill in the aliases of ${table}: ${(err as Error).message}`);
    }
  }
}
