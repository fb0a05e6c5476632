/** Table and column names for the raw SQL of this folder (Strapi's own metadata, never guessed). */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { joinOf, tableMeta } from '@haven/shared/server/db';

/** Table and column names of a content type, and its relations' link tables. */
export function meta(strapi: Core.Strapi, uid: string) {
  return { ...tableMeta(strapi, uid), join: (attribute: string) => joinOf(strapi, uid, attribute) };
}

/** The knex of the current transaction when there is one, else the pool. */
export function knexOf(strapi: Core.Strapi, trx?: Knex.Transaction | null): Knex {
  return (trx ?? strapi.db.connection) as Knex;
}
