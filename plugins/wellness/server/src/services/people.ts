/**
 * Who the wellness plugin deals with, read from the CMS's own types (never written): a person's time
 * zone and display name (profile), email (account), and a therapist by their public id (the therapist
 * profile's documentId, as in /api/therapists/:id).
 */
import type { Core } from '@strapi/strapi';
import { tableMeta, joinOf } from '@haven/shared/server/db';
import { tableNameOf } from '@haven/shared/server/strapi';
import { safeZone } from '../lib/dates';
import { CMS_UID } from '../lib/uids';
import { tables } from '../tables';

export interface Person {
  userId: number;
  displayName: string;
  timeZone: string;
}

export interface TherapistRef {
  /** Public id: the therapist profile's documentId. */
  profileId: string;
  userId: number;
  displayName: string;
  verified: boolean;
  /** Verified and not suspended: may read what clients share, now. */
  inGoodStanding: boolean;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {

  const service = {
    /**
     * Display names and time zones of several people at once (missing profiles: a neutral name, UTC).
     * One join through the profile's link to its account: this runs on every stats request.
     */
    async many(userIds: number[]): Promise<Map<number, Person>> {
      const found = new Map<number, Person>();
      const ids = [...new Set(userIds)];
      const link = joinOf(strapi, CMS_UID.profile, 'user');
      const profileTable = tableNameOf(strapi, CMS_UID.profile);
      for (let i = 0; i < ids.length; i += 500) {
        const rows: { userId: number; displayName: string | null; timeZone: string | null }[] = await strapi.db
          .connection(`${profileTable} as p`)
          .join(`${link.table} as l`, `l.${link.from}`, 'p.id')
          .whereIn(`l.${link.to}`, ids.slice(i, i + 500))
          .select({ userId: `l.${link.to}`, displayName: `p.${tableMeta(strapi, CMS_UID.profile).column('displayName')}`, timeZone: `p.${tableMeta(strapi, CMS_UID.profile).column('timeZone')}` });
        for (const row of rows) {
          const userId = Number(row.userId);
          found.set(userId, { userId, displayName: row.displayName || 'Haven member', timeZone: safeZone(row.timeZone) });
        }
      }
      for (const id of ids) if (!found.has(id)) found.set(id, { userId: id, displayName: 'Haven member', timeZone: 'UTC' });
      return found;
    },

    async one(userId: number): Promise<Person> {
      return (await service.many([userId])).get(userId)!;
    },

    async timeZoneOf(userId: number): Promise<string> {
      return (await service.one(userId)).timeZone;
    },

    /** Email addresses of confirmed, unblocked accounts. */
    async emails(userIds: number[]): Promise<Map<number, string>> {
      const rows = await tables(strapi).users.findMany({
        where: { id: { $in: [...new Set(userIds)] }, blocked: { $ne: true }, confirmed: true },
        select: ['id', 'email'],
      });
      return new Map(rows.filter((row) => row.email).map((row) => [row.id, row.email as string]));
    },

    /** A therapist by public id, or null when there is no such therapist profile with an account. */
    async therapistByProfileId(profileId: string): Promise<TherapistRef | null> {
      const row = await tables(strapi).therapistProfiles.findOne({
        where: { documentId: profileId },
        select: ['documentId', 'verificationStatus'],
        populate: { user: { select: ['id', 'blocked'] } },
      });
      if (!row?.user?.id) return null;
      const person = await service.one(row.user.id);
      const verified = row.verificationStatus === 'verified';
      return { profileId: row.documentId, userId: row.user.id, displayName: person.displayName, verified, inGoodStanding: verified && !row.user.blocked };
    },

    /**
     * Which of these accounts are therapists in good standing: verified by staff and not suspended
     * (blocked). Read at every use, so withdrawing a verification takes effect on the next request.
     */
    async inGoodStanding(userIds: number[]): Promise<Set<number>> {
      const ids = [...new Set(userIds)];
      if (!ids.length) return new Set();
      const rows = await tables(strapi).therapistProfiles.findMany({
        where: { verificationStatus: 'verified', user: { id: { $in: ids } } },
        select: ['documentId'],
        populate: { user: { select: ['id', 'blocked'] } },
      });
      return new Set(rows.filter((row) => row.user && !row.user.blocked).map((row) => row.user!.id));
    },

    /** Public ids of several therapists by account. */
    async therapistProfileIds(userIds: number[]): Promise<Map<number, string>> {
      const rows = await tables(strapi).therapistProfiles.findMany({
        where: { user: { id: { $in: [...new Set(userIds)] } } },
        select: ['documentId'],
        populate: { user: { select: ['id'] } },
      });
      return new Map(rows.filter((row) => row.user).map((row) => [row.user!.id, row.documentId]));
    },
  };
  return service;
};
