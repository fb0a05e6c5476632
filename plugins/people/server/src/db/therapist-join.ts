/**
 * Therapist profiles with their account (blocked) and display name (profile) in one query: the hot
 * path of slots and bookings. Also the cheapest lookup of all, a profile's account id.
 */
import type { Core } from '@strapi/strapi';
import { joinOf, tableMeta } from '@haven/shared/server/db';
import type { TherapistJoinRow } from './rows';
import { UID } from './uids';

function therapistQuery(strapi: Core.Strapi) {
  const tp = tableMeta(strapi, UID.therapistProfile);
  const link = joinOf(strapi, UID.therapistProfile, 'user');
  const user = tableMeta(strapi, UID.user);
  const profile = tableMeta(strapi, UID.profile);
  const profileLink = joinOf(strapi, UID.profile, 'user');
  return {
    userIdColumn: `l.${link.to}`,
    query: strapi.db
      .connection(`${tp.table} as tp`)
      .join(`${link.table} as l`, `l.${link.from}`, 'tp.id')
      .leftJoin(`${user.table} as u`, 'u.id', `l.${link.to}`)
      .leftJoin(`${profileLink.table} as pl`, `pl.${profileLink.to}`, `l.${link.to}`)
      .leftJoin(`${profile.table} as p`, 'p.id', `pl.${profileLink.from}`)
      .select({
        documentId: 'tp.document_id',
        verificationStatus: `tp.${tp.column('verificationStatus')}`,
        licenceExpiry: `tp.${tp.column('licenceExpiry')}`,
        sessionLengthMinutes: `tp.${tp.column('sessionLengthMinutes')}`,
        rateMinor: `tp.${tp.column('rateMinor')}`,
        currency: `tp.${tp.column('currency')}`,
        userId: `l.${link.to}`,
        blocked: `u.${user.column('blocked')}`,
        displayName: `p.${profile.column('displayName')}`,
      }),
  };
}

export async function therapistRowByProfileId(strapi: Core.Strapi, profileId: string): Promise<TherapistJoinRow | undefined> {
  return therapistQuery(strapi).query.where('tp.document_id', profileId).first();
}

export async function therapistRowByUserId(strapi: Core.Strapi, userId: number): Promise<TherapistJoinRow | undefined> {
  const { query, userIdColumn } = therapistQuery(strapi);
  return query.where(userIdColumn, userId).first();
}

/** The account id behind a therapist profile's public id: one indexed lookup and the link table. */
export async function therapistUserIdOf(strapi: Core.Strapi, profileId: string): Promise<number | null> {
  const tp = tableMeta(strapi, UID.therapistProfile);
  const link = joinOf(strapi, UID.therapistProfile, 'user');
  const row: { userId: number | string | null } | undefined = await strapi.db
    .connection(`${tp.table} as tp`)
    .join(`${link.table} as l`, `l.${link.from}`, 'tp.id')
    .where('tp.document_id', profileId)
    .first({ userId: `l.${link.to}` });
  return row?.userId ? Number(row.userId) : null;
}
