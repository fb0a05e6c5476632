/**
 * Therapist applications as staff review them: one joined query per page (profile, account, display
 * name) with the duplicate-licence count from one grouped subquery, and the tab counts from one
 * aggregate query. Licence dates are compared as 'YYYY-MM-DD' text, which orders like dates on SQLite
 * and is cast to a date by PostgreSQL.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { joinOf, tableMeta } from '@haven/shared/server/db';
import { UID } from './uids';

import type { ApplicationTab } from '@haven/shared/applications';

export type { ApplicationTab };

/** Statuses shown in each tab ('expiring' adds a licence date bound). */
export const TAB_STATUSES: Record<ApplicationTab, string[]> = {
  waiting: ['pending', 'more-info'],
  approved: ['verified'],
  rejected: ['rejected'],
  expiring: ['verified'],
};

/** One application as the joined query answers it. */
export interface ApplicationJoinRow {
  documentId: string;
  userId: number | string;
  displayName: string | null;
  email: string | null;
  licenceNumber: string | null;
  licenceJurisdiction: string | null;
  licenceExpiry: unknown;
  status: string | null;
  createdAt: unknown;
  verifiedAt: unknown;
  verifiedBy: string | null;
  /** How many profiles (this one included) share this licence number and jurisdiction; null when only this one. */
  sharing: number | string | null;
}

export interface TabBounds {
  /** Today, UTC, 'YYYY-MM-DD'. */
  today: string;
  /** The last day that counts as expiring soon, 'YYYY-MM-DD'. */
  soonUntil: string;
}

function base(strapi: Core.Strapi) {
  const tp = tableMeta(strapi, UID.therapistProfile);
  const link = joinOf(strapi, UID.therapistProfile, 'user');
  return { tp, link, c: (name: string) => `tp.${tp.column(name)}` };
}

/** Profiles sharing a licence (number and jurisdiction, case-insensitive), grouped once: only groups of two or more. */
function sharedLicences(strapi: Core.Strapi): Knex.QueryBuilder {
  const { tp } = base(strapi);
  const knex = strapi.db.connection;
  const number = tp.column('licenceNumber');
  const jurisdiction = tp.column('licenceJurisdiction');
  return knex(tp.table)
    .select(knex.raw('lower(??) as dn', [number]), knex.raw('lower(??) as dj', [jurisdiction]))
    .count({ n: '*' })
    .groupByRaw('lower(??), lower(??)', [number, jurisdiction])
    .havingRaw('count(*) > 1')
    .as('d');
}

function inTab(query: Knex.QueryBuilder, c: (name: string) => string, tab: ApplicationTab, bounds: TabBounds) {
  query.whereIn(c('verificationStatus'), TAB_STATUSES[tab]);
  if (tab === 'expiring') query.where(c('licenceExpiry'), '<=', bounds.soonUntil);
  return query;
}

/** One page of a tab: waiting oldest first, expiring soonest first, the others newest decision first. */
export async function applicationPage(strapi: Core.Strapi, tab: ApplicationTab, bounds: TabBounds, offset: number, limit: number, documentId?: string): Promise<ApplicationJoinRow[]> {
  const { tp, link, c } = base(strapi);
  const knex = strapi.db.connection;
  const user = tableMeta(strapi, UID.user);
  const profile = tableMeta(strapi, UID.profile);
  const profileLink = joinOf(strapi, UID.profile, 'user');
  const query = knex(`${tp.table} as tp`)
    .join(`${link.table} as l`, `l.${link.from}`, 'tp.id')
    .leftJoin(`${user.table} as u`, 'u.id', `l.${link.to}`)
    .leftJoin(`${profileLink.table} as pl`, `pl.${profileLink.to}`, `l.${link.to}`)
    .leftJoin(`${profile.table} as p`, 'p.id', `pl.${profileLink.from}`)
    .leftJoin(sharedLicences(strapi), function joinShared() {
      this.on('d.dn', '=', knex.raw('lower(??)', [c('licenceNumber')])).andOn('d.dj', '=', knex.raw('lower(??)', [c('licenceJurisdiction')]));
    })
    .select({
      documentId: 'tp.document_id',
      userId: `l.${link.to}`,
      displayName: `p.${profile.column('displayName')}`,
      email: `u.${user.column('email')}`,
      licenceNumber: c('licenceNumber'),
      licenceJurisdiction: c('licenceJurisdiction'),
      licenceExpiry: c('licenceExpiry'),
      status: c('verificationStatus'),
      createdAt: c('createdAt'),
      verifiedAt: c('verifiedAt'),
      verifiedBy: c('verifiedBy'),
      sharing: 'd.n',
    });
  if (documentId !== undefined) return query.where('tp.document_id', documentId).limit(1);
  inTab(query, c, tab, bounds);
  if (tab === 'waiting') query.orderBy([{ column: c('createdAt'), order: 'asc' }, { column: 'tp.id', order: 'asc' }]);
  else if (tab === 'expiring') query.orderBy([{ column: c('licenceExpiry'), order: 'asc' }, { column: 'tp.id', order: 'asc' }]);
  else query.orderBy([{ column: c('verifiedAt'), order: 'desc' }, { column: 'tp.id', order: 'desc' }]);
  return query.offset(offset).limit(limit);
}

/** How many applications each tab holds, in one aggregate query. */
export async function applicationCounts(strapi: Core.Strapi, bounds: TabBounds): Promise<Record<ApplicationTab, number>> {
  const { tp, link, c } = base(strapi);
  const knex = strapi.db.connection;
  const status = c('verificationStatus');
  const expiry = c('licenceExpiry');
  const inStatuses = (statuses: string[]) => `?? in (${statuses.map(() => '?').join(', ')})`;
  const when = (statuses: string[]) => knex.raw(`sum(case when ${inStatuses(statuses)} then 1 else 0 end)`, [status, ...statuses]);
  const row: Record<ApplicationTab, unknown> | undefined = await knex(`${tp.table} as tp`)
    .join(`${link.table} as l`, `l.${link.from}`, 'tp.id')
    .first({
      waiting: when(TAB_STATUSES.waiting),
      approved: when(TAB_STATUSES.approved),
      rejected: when(TAB_STATUSES.rejected),
      expiring: knex.raw(`sum(case when ${inStatuses(TAB_STATUSES.expiring)} and ?? <= ? then 1 else 0 end)`, [status, ...TAB_STATUSES.expiring, expiry, bounds.soonUntil]),
    });
  const n = (value: unknown) => Number(value ?? 0) || 0;
  return { waiting: n(row?.waiting), approved: n(row?.approved), rejected: n(row?.rejected), expiring: n(row?.expiring) };
}
