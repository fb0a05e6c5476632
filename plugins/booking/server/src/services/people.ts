/**
 * Who the booking plugin deals with: therapists (their profile, verification, session length and
 * rate) and everyone's display name, time zone and email. Read-only access to the CMS's own
 * profile types; the booking tables hold numeric user ids only.
 */
import type { Core } from '@strapi/strapi';
import { PROFILE_UID, THERAPIST_PROFILE_UID, USER_UID, meta } from '../db/uids';

export interface Therapist {
  /** Public id: the therapist profile's documentId. */
  id: string;
  userId: number;
  verified: boolean;
  /** The account is suspended (users-permissions `blocked`): no new bookings, like an unverified therapist. */
  blocked: boolean;
  sessionMinutes: number;
  rateMinor: number;
  currency: string;
}

export interface Person {
  userId: number;
  displayName: string;
  timeZone: string;
  email: string | null;
}

interface TherapistRow {
  document_id: string;
  verification_status: string;
  session_length_minutes: number | null;
  rate_minor: number | null;
  currency: string | null;
  user_id: number | null;
  blocked: boolean | number | null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** One query joining the profile to its user (the hot path of slots and bookings). */
  function therapistQuery() {
    const tp = meta(strapi, THERAPIST_PROFILE_UID);
    const link = tp.join('user');
    const u = meta(strapi, USER_UID);
    return strapi.db
      .connection(`${tp.table} as tp`)
      .leftJoin(`${link.table} as l`, `l.${link.from}`, 'tp.id')
      .leftJoin(`${u.table} as u`, 'u.id', `l.${link.to}`)
      .select(
        'tp.document_id',
        `tp.${tp.column('verificationStatus')} as verification_status`,
        `tp.${tp.column('sessionLengthMinutes')} as session_length_minutes`,
        `tp.${tp.column('rateMinor')} as rate_minor`,
        `tp.${tp.column('currency')} as currency`,
        `l.${link.to} as user_id`,
        `u.${u.column('blocked')} as blocked`,
      );
  }

  const toTherapist = (row: TherapistRow | undefined): Therapist | null =>
    row && row.user_id
      ? {
          id: row.document_id,
          userId: Number(row.user_id),
          verified: row.verification_status === 'verified',
          blocked: Boolean(row.blocked),
          sessionMinutes: Number(row.session_length_minutes ?? 50),
          rateMinor: Number(row.rate_minor ?? 0),
          currency: row.currency || 'USD',
        }
      : null;

  return {
    async therapistById(documentId: string): Promise<Therapist | null> {
      return toTherapist((await therapistQuery().where('tp.document_id', documentId).first()) as TherapistRow | undefined);
    },

    async therapistByUserId(userId: number): Promise<Therapist | null> {
      const link = meta(strapi, THERAPIST_PROFILE_UID).join('user');
      return toTherapist((await therapistQuery().where(`l.${link.to}`, userId).first()) as TherapistRow | undefined);
    },

    /** Display names, zones and emails of some users (missing profiles get neutral defaults). */
    async people(userIds: number[]): Promise<Map<number, Person>> {
      const ids = [...new Set(userIds)].filter((id) => Number.isInteger(id));
      const result = new Map<number, Person>();
      if (!ids.length) return result;
      const p = meta(strapi, PROFILE_UID);
      const link = p.join('user');
      const u = meta(strapi, USER_UID);
      const rows = (await strapi.db
        .connection(`${u.table} as u`)
        .leftJoin(`${link.table} as l`, `l.${link.to}`, 'u.id')
        .leftJoin(`${p.table} as p`, 'p.id', `l.${link.from}`)
        .whereIn('u.id', ids)
        .select('u.id as user_id', 'u.email as email', `p.${p.column('displayName')} as display_name`, `p.${p.column('timeZone')} as time_zone`)) as {
        user_id: number;
        email: string | null;
        display_name: string | null;
        time_zone: string | null;
      }[];
      for (const row of rows) {
        result.set(Number(row.user_id), {
          userId: Number(row.user_id),
          displayName: row.display_name || 'Haven member',
          timeZone: row.time_zone || 'UTC',
          email: row.email,
        });
      }
      return result;
    },

    async person(userId: number): Promise<Person> {
      return (await this.people([userId])).get(userId) ?? { userId, displayName: 'Haven member', timeZone: 'UTC', email: null };
    },
  };
};
