/**
 * Who is this person: display name, time zone, role and standing of accounts, and therapists by
 * their public id. Read-only: the CMS owns profiles and therapist profiles, users-permissions owns
 * accounts; people reads them for every other plugin so that none of them joins those tables.
 * Emails are private and answered only by `emails()`, never as part of a Person.
 */
import type { Core } from '@strapi/strapi';
import { dayText } from '@haven/shared/server/db';
import { isOptionalMailPurpose, type MailPurpose } from '@haven/shared/notifications';
import { idChunks } from '../db/chunks';
import { emailRows, mailOffList } from '../db/email-join';
import { personRows } from '../db/person-join';
import type { TherapistJoinRow } from '../db/rows';
import { tables } from '../db/tables';
import { therapistRowByProfileId, therapistRowByUserId, therapistUserIdOf } from '../db/therapist-join';
import { safeZone } from '@haven/shared/zones';

export interface Person {
  userId: number;
  /** The profile's display name; 'Haven member' when there is no profile (or no such account). */
  displayName: string;
  /** A valid IANA zone; 'UTC' when the profile has none (or an invalid one). */
  timeZone: string;
  /** The users-permissions role's `type` ('authenticated' when unknown). */
  role: 'client' | 'therapist' | 'authenticated' | (string & {});
  /** The account is suspended (users-permissions `blocked`). */
  blocked: boolean;
}

export interface Therapist {
  /** Public id: the therapist profile's documentId. */
  id: string;
  userId: number;
  displayName: string;
  verified: boolean;
  /** The account is suspended: no new bookings, nothing shared, like an unverified therapist. */
  blocked: boolean;
  /** The licence expiry date has not passed (UTC): an expired licence hides a verified therapist until renewed. */
  licenceCurrent: boolean;
  /** Verified by staff, licence current and not suspended: listed, bookable, may be shared with. */
  inGoodStanding: boolean;
  sessionMinutes: number;
  /** The session rate in minor units of `currency`. */
  rateMinor: number;
  currency: string;
}

export interface EmailOptions {
  /** Only accounts that are confirmed and not blocked (mail that may be sent to them). */
  deliverableOnly?: boolean;
  /** The kind of mail (notification settings): people who turned this kind off are left out. */
  purpose?: MailPurpose;
}

export const DEFAULT_DISPLAY_NAME = 'Haven member';

const nobody = (userId: number): Person => ({ userId, displayName: DEFAULT_DISPLAY_NAME, timeZone: 'UTC', role: 'authenticated', blocked: false });

/** Today's date, UTC, as 'YYYY-MM-DD' (licence expiry dates are compared as such). */
const todayUtc = () => new Date().toISOString().slice(0, 10);

/** A licence counts until the end of its expiry day (UTC). */
const isCurrent = (expiry: unknown) => Boolean(expiry) && dayText(expiry) >= todayUtc();

function toTherapist(row: TherapistJoinRow | undefined): Therapist | null {
  if (!row?.userId) return null;
  const verified = row.verificationStatus === 'verified';
  const blocked = Boolean(row.blocked);
  const licenceCurrent = isCurrent(row.licenceExpiry);
  return {
    id: row.documentId,
    userId: Number(row.userId),
    displayName: row.displayName || DEFAULT_DISPLAY_NAME,
    verified,
    blocked,
    licenceCurrent,
    inGoodStanding: verified && licenceCurrent && !blocked,
    sessionMinutes: Number(row.sessionLengthMinutes ?? 50),
    rateMinor: Number(row.rateMinor ?? 0),
    currency: row.currency || 'USD',
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = {
    /** Several people at once, one joined query per 500 ids; every asked id is in the answer (defaults when unknown). */
    async many(userIds: number[]): Promise<Map<number, Person>> {
      const found = new Map<number, Person>();
      for (const chunk of idChunks(userIds)) {
        for (const row of await personRows(strapi, chunk)) {
          const userId = Number(row.userId);
          found.set(userId, {
            userId,
            displayName: row.displayName || DEFAULT_DISPLAY_NAME,
            timeZone: safeZone(row.timeZone),
            role: row.roleType || 'authenticated',
            blocked: Boolean(row.blocked),
          });
        }
      }
      for (const id of userIds) if (!found.has(id)) found.set(id, nobody(id));
      return found;
    },

    async one(userId: number): Promise<Person> {
      return (await service.many([userId])).get(userId) ?? nobody(userId);
    },

    /**
     * Email addresses by account (accounts without one are left out). With a `purpose`, people who
     * turned that kind of mail off on their profile are left out too (every kind is on by default;
     * `account` and `safety` mail cannot be turned off). One joined query per 500 ids.
     */
    async emails(userIds: number[], options: EmailOptions = {}): Promise<Map<number, string>> {
      const found = new Map<number, string>();
      const optional = isOptionalMailPurpose(options.purpose) ? options.purpose : null;
      for (const chunk of idChunks(userIds)) {
        for (const row of await emailRows(strapi, chunk, Boolean(options.deliverableOnly))) {
          if (!row.email || (optional && mailOffList(row.mailOff).includes(optional))) continue;
          found.set(Number(row.userId), row.email);
        }
      }
      return found;
    },

    /** A therapist by public id, or null when there is no such profile with an account. */
    async therapistById(profileId: string): Promise<Therapist | null> {
      if (typeof profileId !== 'string' || !profileId) return null;
      return toTherapist(await therapistRowByProfileId(strapi, profileId));
    },

    async therapistByUserId(userId: number): Promise<Therapist | null> {
      if (!Number.isInteger(userId)) return null;
      return toTherapist(await therapistRowByUserId(strapi, userId));
    },

    /** The account behind a therapist's public id (the slot path: no more than that). */
    async therapistUserIdById(profileId: string): Promise<number | null> {
      if (typeof profileId !== 'string' || !profileId) return null;
      return therapistUserIdOf(strapi, profileId);
    },

    /**
     * Which of these accounts are therapists in good standing: verified by staff, licence not expired
     * (UTC) and not suspended. Read at every use, so withdrawing a verification or a licence expiring
     * takes effect on the next request.
     */
    async inGoodStanding(userIds: number[]): Promise<Set<number>> {
      const standing = new Set<number>();
      for (const chunk of idChunks(userIds)) {
        const rows = await tables(strapi).therapistProfiles.findMany({
          where: { verificationStatus: 'verified', licenceExpiry: { $gte: todayUtc() }, user: { id: { $in: chunk } } },
          select: ['documentId'],
          populate: { user: { select: ['id', 'blocked'] } },
        });
        for (const row of rows) if (row.user && !row.user.blocked) standing.add(Number(row.user.id));
      }
      return standing;
    },

    /** Public ids (therapist profile documentIds) of the therapists among these accounts. */
    async therapistProfileIds(userIds: number[]): Promise<Map<number, string>> {
      const ids = new Map<number, string>();
      for (const chunk of idChunks(userIds)) {
        const rows = await tables(strapi).therapistProfiles.findMany({
          where: { user: { id: { $in: chunk } } },
          select: ['documentId'],
          populate: { user: { select: ['id'] } },
        });
        for (const row of rows) if (row.user) ids.set(Number(row.user.id), row.documentId);
      }
      return ids;
    },

    /** Which of these accounts are suspended. */
    async blocked(userIds: number[]): Promise<Set<number>> {
      const blocked = new Set<number>();
      for (const chunk of idChunks(userIds)) {
        const rows = await tables(strapi).users.findMany({ where: { id: { $in: chunk }, blocked: true }, select: ['id'] });
        for (const row of rows) blocked.add(Number(row.id));
      }
      return blocked;
    },

    /** Username and email of one account, for staff-only views (moderation); null when there is none. */
    async account(userId: number): Promise<{ username: string; email: string } | null> {
      if (!Number.isInteger(userId)) return null;
      const row = await tables(strapi).users.findOne({ where: { id: userId }, select: ['username', 'email'] });
      return row ? { username: row.username, email: row.email ?? '' } : null;
    },
  };
  return service;
};
