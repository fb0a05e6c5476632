/**
 * Email addresses with the notification settings of each account's profile, in one query: the
 * account's address, whether mail may be sent to it, and the kinds of mail the person turned off
 * (the profile's `mailOff`, a JSON list; no profile or no list: every kind is on).
 */
import type { Core } from '@strapi/strapi';
import { joinOf, tableMeta } from '@haven/shared/server/db';
import type { EmailJoinRow } from './rows';
import { UID } from './uids';

export async function emailRows(strapi: Core.Strapi, userIds: number[], deliverableOnly: boolean): Promise<EmailJoinRow[]> {
  if (!userIds.length) return [];
  const user = tableMeta(strapi, UID.user);
  const profile = tableMeta(strapi, UID.profile);
  const profileLink = joinOf(strapi, UID.profile, 'user');
  const query = strapi.db
    .connection(`${user.table} as u`)
    .leftJoin(`${profileLink.table} as pl`, `pl.${profileLink.to}`, 'u.id')
    .leftJoin(`${profile.table} as p`, 'p.id', `pl.${profileLink.from}`)
    .whereIn('u.id', userIds)
    .select({ userId: 'u.id', email: `u.${user.column('email')}`, mailOff: `p.${profile.column('mailOff')}` });
  if (deliverableOnly) {
    const blocked = `u.${user.column('blocked')}`;
    query.where(`u.${user.column('confirmed')}`, true).andWhere((q) => q.whereNull(blocked).orWhere(blocked, false));
  }
  return query;
}

/** The kinds of mail a profile turned off: PostgreSQL answers JSON parsed, SQLite as text; anything unreadable counts as none. */
export function mailOffList(value: unknown): string[] {
  let list = value;
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      return [];
    }
  }
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}
