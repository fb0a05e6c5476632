/**
 * Site accounts for the staff's Accounts page: one joined, paged query over accounts, their role,
 * profile and therapist profile, filtered by a case-insensitive substring of name, email or username.
 * The text is matched with LIKE and its wildcards escaped (`!` is the escape character on both
 * databases), never as a pattern or a regex of its own.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { joinOf, tableMeta } from '@haven/shared/server/db';
import type { AccountSearchRow } from './rows-standing';
import { UID } from './uids';

export interface AccountSearchFilters {
  /** Already trimmed and bounded; matched anywhere in display name, email or username, any case. */
  q?: string;
  /** A users-permissions role type ('client', 'therapist'). */
  role?: string;
  blocked?: boolean;
  /** Exactly this account (the summary of one). */
  userId?: number;
  offset: number;
  limit: number;
}

/** `%text%` for LIKE, with LIKE's own wildcards (and the escape character) taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

function baseQuery(strapi: Core.Strapi, filters: AccountSearchFilters): Knex.QueryBuilder {
  const user = tableMeta(strapi, UID.user);
  const profile = tableMeta(strapi, UID.profile);
  const profileLink = joinOf(strapi, UID.profile, 'user');
  const role = tableMeta(strapi, UID.role);
  const roleLink = joinOf(strapi, UID.user, 'role');
  const tpLink = joinOf(strapi, UID.therapistProfile, 'user');
  const tp = tableMeta(strapi, UID.therapistProfile);
  const query = strapi.db
    .connection(`${user.table} as u`)
    .leftJoin(`${profileLink.table} as pl`, `pl.${profileLink.to}`, 'u.id')
    .leftJoin(`${profile.table} as p`, 'p.id', `pl.${profileLink.from}`)
    .leftJoin(`${roleLink.table} as rl`, `rl.${roleLink.from}`, 'u.id')
    .leftJoin(`${role.table} as r`, 'r.id', `rl.${roleLink.to}`)
    .leftJoin(`${tpLink.table} as tl`, `tl.${tpLink.to}`, 'u.id')
    .leftJoin(`${tp.table} as tp`, 'tp.id', `tl.${tpLink.from}`);
  if (filters.q) {
    const pattern = containsPattern(filters.q);
    const columns = [`p.${profile.column('displayName')}`, `u.${user.column('email')}`, `u.${user.column('username')}`];
    query.where((w) => {
      for (const column of columns) w.orWhereRaw(`LOWER(??) LIKE ? ESCAPE '!'`, [column, pattern]);
    });
  }
  if (filters.userId !== undefined) query.where('u.id', filters.userId);
  if (filters.role) query.where(`r.${role.column('type')}`, filters.role);
  if (filters.blocked === true) query.where(`u.${user.column('blocked')}`, true);
  if (filters.blocked === false) query.where((w) => w.whereNull(`u.${user.column('blocked')}`).orWhere(`u.${user.column('blocked')}`, false));
  return query;
}

/** One page of accounts, newest first, and how many match in all. */
export async function searchAccounts(strapi: Core.Strapi, filters: AccountSearchFilters): Promise<{ rows: AccountSearchRow[]; total: number }> {
  const user = tableMeta(strapi, UID.user);
  const profile = tableMeta(strapi, UID.profile);
  const role = tableMeta(strapi, UID.role);
  const tp = tableMeta(strapi, UID.therapistProfile);
  const [rows, counted] = await Promise.all([
    baseQuery(strapi, filters)
      .select({
        userId: 'u.id',
        username: `u.${user.column('username')}`,
        email: `u.${user.column('email')}`,
        blocked: `u.${user.column('blocked')}`,
        confirmed: `u.${user.column('confirmed')}`,
        createdAt: `u.${user.column('createdAt')}`,
        displayName: `p.${profile.column('displayName')}`,
        roleType: `r.${role.column('type')}`,
        therapistId: 'tp.document_id',
        verificationStatus: `tp.${tp.column('verificationStatus')}`,
        featured: `tp.${tp.column('featured')}`,
      })
      .orderBy('u.id', 'desc')
      .offset(filters.offset)
      .limit(filters.limit) as Promise<AccountSearchRow[]>,
    baseQuery(strapi, filters).count({ n: '*' }).first() as Promise<{ n: unknown } | undefined>,
  ]);
  return { rows, total: Number(counted?.n ?? 0) };
}
