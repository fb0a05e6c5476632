/**
 * Staff's verification of therapists: the applications as staff review them, and the one write
 * people makes to the CMS's therapist profiles, the verification status (with who and when, like the
 * CMS's verification-audit stamp). A decision is a conditional update: it changes the profile only if
 * it is still in a status the decision may leave, so two staff deciding at once cannot both win.
 */
import type { Core } from '@strapi/strapi';
import { dayText, epochMs, isoOrNull } from '@haven/shared/server/db';
import { applicationCounts, applicationPage, type ApplicationJoinRow, type ApplicationTab, type TabBounds } from '../db/application-rows';
import { tables } from '../db/tables';
import type { ApplicationFlags, ApplicationView, VerificationStatus } from '@haven/shared/applications';
import { DEFAULT_DISPLAY_NAME } from './people';

export type { ApplicationFlags, ApplicationTab, VerificationStatus };

/** A licence expiring within this many days is flagged (and listed in the expiring tab). */
export const EXPIRING_DAYS = 30;
const DAY_MS = 86_400_000;

/** A therapist's application as staff see it (staff-only: it carries the email and licence number). */
export interface Application extends Omit<ApplicationView, 'document'> {
  userId: number;
}

export interface ApplicationList {
  data: Application[];
  counts: Record<ApplicationTab, number>;
  pagination: { page: number; pageSize: number; total: number; pageCount: number };
}

/** A verified therapist whose licence has expired (the expiry notice's input). */
export interface ExpiredLicence {
  profileId: string;
  userId: number;
  licenceExpiry: string;
}

export const utcToday = (now: Date) => now.toISOString().slice(0, 10);

export function boundsAt(now: Date): TabBounds {
  return { today: utcToday(now), soonUntil: utcToday(new Date(now.getTime() + EXPIRING_DAYS * DAY_MS)) };
}

function toApplication(row: ApplicationJoinRow, now: Date): Application {
  const bounds = boundsAt(now);
  const expiry = row.licenceExpiry ? dayText(row.licenceExpiry) : '';
  const status = (row.status ?? 'pending') as VerificationStatus;
  const submitted = epochMs(row.createdAt);
  const sharing = Number(row.sharing ?? 0) || 0;
  const expired = expiry !== '' && expiry < bounds.today;
  return {
    id: row.documentId,
    userId: Number(row.userId),
    displayName: row.displayName || DEFAULT_DISPLAY_NAME,
    email: row.email ?? null,
    licenceNumber: row.licenceNumber ?? '',
    licenceJurisdiction: row.licenceJurisdiction ?? '',
    licenceExpiry: expiry,
    status,
    submittedAt: isoOrNull(row.createdAt),
    waitingDays: (status === 'pending' || status === 'more-info') && Number.isFinite(submitted) ? Math.max(0, Math.floor((now.getTime() - submitted) / DAY_MS)) : null,
    verifiedAt: isoOrNull(row.verifiedAt),
    verifiedBy: row.verifiedBy ?? null,
    flags: { duplicate: sharing > 1, sharedWith: Math.max(0, sharing - 1), expired, expiringSoon: !expired && expiry !== '' && expiry <= bounds.soonUntil },
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const profiles = () => tables(strapi).therapistProfiles;

  const service = {
    /** One page of a tab and how many each tab holds. */
    async applications(tab: ApplicationTab, page: number, pageSize: number, now = new Date()): Promise<ApplicationList> {
      const bounds = boundsAt(now);
      const [rows, counts] = await Promise.all([applicationPage(strapi, tab, bounds, (page - 1) * pageSize, pageSize), applicationCounts(strapi, bounds)]);
      const total = counts[tab];
      return { data: rows.map((row) => toApplication(row, now)), counts, pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } };
    },

    /** One application by the therapist profile's documentId, or null. */
    async application(profileId: string, now = new Date()): Promise<Application | null> {
      if (typeof profileId !== 'string' || !profileId) return null;
      const [row] = await applicationPage(strapi, 'waiting', boundsAt(now), 0, 1, profileId);
      return row ? toApplication(row, now) : null;
    },

    /** An account's own application (the applicant's page), or null when the account is no therapist. */
    async applicationOf(userId: number, now = new Date()): Promise<Application | null> {
      if (!Number.isInteger(userId)) return null;
      const row = await profiles().findOne({ where: { user: { id: userId } }, select: ['documentId'] });
      return row ? service.application(row.documentId, now) : null;
    },

    /**
     * Moves a profile to `to` if it is still in one of `from`; whether it did. Stamps who decided and
     * when as the CMS's verification-audit does for the Content Manager (cleared on a return to pending).
     */
    async decide(profileId: string, from: VerificationStatus[], to: VerificationStatus, decidedBy: string): Promise<boolean> {
      const stamp = to === 'pending' ? { verifiedAt: null, verifiedBy: null } : { verifiedAt: new Date(), verifiedBy: decidedBy };
      const { count } = await profiles().updateMany({ where: { documentId: profileId, verificationStatus: { $in: from } }, data: { verificationStatus: to, ...stamp } });
      return count === 1;
    },

    /** A renewed licence's later expiry date, if the profile still holds `previous`; the status stays as it is. Whether it did. */
    async renewLicence(profileId: string, previous: string, licenceExpiry: string): Promise<boolean> {
      const { count } = await profiles().updateMany({ where: { documentId: profileId, licenceExpiry: previous }, data: { licenceExpiry } });
      return count === 1;
    },

    /** Verified therapists whose licence expired before `today` (UTC): hidden from the directory until renewed. */
    async expiredLicences(now = new Date()): Promise<ExpiredLicence[]> {
      const rows = await profiles().findMany({
        where: { verificationStatus: 'verified', licenceExpiry: { $lt: utcToday(now) } },
        select: ['documentId', 'licenceExpiry'],
        populate: { user: { select: ['id', 'blocked'] } },
      });
      return rows.flatMap((row) => (row.user ? [{ profileId: row.documentId, userId: Number(row.user.id), licenceExpiry: dayText(row.licenceExpiry) }] : []));
    },
  };
  return service;
};
