/**
 * Accounts with their profile and role in one query (the Query Engine would need one query per
 * relation): the hot path of booking lists, notifications and wellness stats.
 */
import type { Core } from '@strapi/strapi';
import { joinOf, tableMeta } from '@haven/shared/server/db';
import type { PersonJoinRow } from './rows';
import { UID } from './uids';

export async function personRows(strapi: Core.Strapi, userIds: number[]): Promise<PersonJoinRow[]> {
  if (!userIds.length) return [];
  const user = tableMeta(strapi, UID.user);
  const profile = tableMeta(strapi, UID.profile);
  const profileLink = joinOf(strapi, UID.profile, 'user');
  const role = tableMeta(strapi, UID.role);
  const roleLink = joinOf(strapi, UID.user, 'role');
  return strapi.db
    .connection(`${user.table} as u`)
    .leftJoin(`${profileLink.table} as pl`, `pl.${profileLink.to}`, 'u.id')
    .leftJoin(`${profile.table} as p`, 'p.id', `pl.${profileLink.from}`)
    .leftJoin(`${roleLink.table} as rl`, `rl.${roleLink.from}`, 'u.id')
    .leftJoin(`${role.table} as r`, 'r.id', `rl.${roleLink.to}`)
    .whereIn('u.id', userIds)
    .select({
      userId: 'u.id',
      blocked: `u.${user.column('blocked')}`,
      displayName: `p.${profile.column('displayName')}`,
      timeZone: `p.${profile.column('timeZone')}`,
      roleType: `r.${role.column('type')}`,
    });
}
