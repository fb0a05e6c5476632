import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { documentsOf, tableOf } from '@haven/shared/strapi';

const UID = 'api::therapist-profile.therapist-profile';

export type VerificationStatus = 'pending' | 'verified' | 'rejected';

/** A therapist's practice details (the content type's fields). */
export interface TherapistPractice {
  licenceNumber: string;
  licenceJurisdiction: string;
  licenceExpiry: string;
  specialties: string[] | null;
  languages: string[] | null;
  bio: string | null;
  sessionLengthMinutes: number | null;
  rateMinor: number | null;
  currency: string | null;
  verificationStatus: VerificationStatus;
  verifiedAt: string | null;
  verifiedBy: string | null;
}

export interface TherapistEntry extends TherapistPractice {
  id: number;
  documentId: string;
  user?: { id: number } | null;
}

/** What a therapist profile is written with. */
export type TherapistData = Partial<TherapistPractice> & { user?: number };

/** The part of a profile the directory shows next to a therapist. */
interface ProfileRow {
  displayName?: string | null;
  pronouns?: string | null;
  timeZone?: string | null;
  avatar?: { url?: string | null } | null;
  user?: { id: number } | null;
}

/** Fields any visitor may see of a verified therapist. Licence numbers are for staff only. */
export function toPublicView(therapist: TherapistEntry, profile: ProfileRow | null | undefined) {
  return {
    id: therapist.documentId,
    displayName: profile?.displayName ?? 'Therapist',
    pronouns: profile?.pronouns ?? null,
    avatarUrl: profile?.avatar?.url ?? null,
    timeZone: profile?.timeZone ?? 'UTC',
    licenceJurisdiction: therapist.licenceJurisdiction,
    specialties: therapist.specialties ?? [],
    languages: therapist.languages ?? [],
    bio: therapist.bio ?? '',
    sessionLengthMinutes: therapist.sessionLengthMinutes,
    rateMinor: therapist.rateMinor,
    currency: therapist.currency,
  };
}

/** What a therapist sees of their own profile, including their licence and verification state. */
export function toOwnerView(therapist: TherapistEntry) {
  return {
    licenceNumber: therapist.licenceNumber,
    licenceJurisdiction: therapist.licenceJurisdiction,
    licenceExpiry: therapist.licenceExpiry,
    specialties: therapist.specialties ?? [],
    languages: therapist.languages ?? [],
    bio: therapist.bio ?? '',
    sessionLengthMinutes: therapist.sessionLengthMinutes,
    rateMinor: therapist.rateMinor,
    currency: therapist.currency,
    verificationStatus: therapist.verificationStatus,
    verifiedAt: therapist.verifiedAt ?? null,
  };
}

const CREDENTIALS = ['licenceNumber', 'licenceJurisdiction', 'licenceExpiry'] as const;

export function therapistProfileService({ strapi }: { strapi: Core.Strapi }) {
  const therapists = () => documentsOf<TherapistEntry, TherapistData>(strapi, UID);
  const rows = () => tableOf<TherapistEntry>(strapi, UID);
  const profileRows = () => tableOf<ProfileRow>(strapi, 'api::profile.profile');

  const service = {
    async findForUser(userId: number): Promise<TherapistEntry | null> {
      return therapists().findFirst({ filters: { user: { id: userId } } });
    },

    /** A therapist profile, waiting for staff to verify it (sign-up, demo seed). */
    async createForUser(userId: number, data: TherapistData): Promise<TherapistEntry> {
      return therapists().create({ data: { specialties: [], languages: [], verificationStatus: 'pending', ...data, user: userId } });
    },

    /**
     * Changes a therapist's own details. New credentials must be checked again by staff before the
     * therapist is listed, so changing any of them sends the profile back to pending.
     */
    async updateOwn(mine: TherapistEntry, changes: TherapistData): Promise<{ updated: TherapistEntry; reverification: boolean }> {
      const reverification = CREDENTIALS.some((key) => key in changes && String(changes[key]) !== String(mine[key]));
      const data: TherapistData = reverification ? { ...changes, verificationStatus: 'pending', verifiedAt: null, verifiedBy: null } : changes;
      return { updated: await therapists().update({ documentId: mine.documentId, data }), reverification };
    },

    /** Verified therapists only, joined with their profiles, one page at a time. */
    async listVerified({ page, pageSize }: { page: number; pageSize: number }) {
      const where = { verificationStatus: 'verified' };
      const [found, total] = await Promise.all([
        rows().findMany({ where, populate: { user: { select: ['id'] } }, orderBy: [{ id: 'asc' }], offset: (page - 1) * pageSize, limit: pageSize }),
        rows().count({ where }),
      ]);
      const userIds = found.map((row) => row.user?.id).filter((id): id is number => typeof id === 'number');
      const profiles = userIds.length ? await profileRows().findMany({ where: { user: { id: { $in: userIds } } }, populate: { user: { select: ['id'] }, avatar: true } }) : [];
      const byUser = new Map(profiles.map((p) => [p.user?.id, p]));
      return {
        data: found.map((row) => toPublicView(row, byUser.get(row.user?.id))),
        meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } },
      };
    },

    async findVerified(documentId: string) {
      const row = await rows().findOne({ where: { documentId, verificationStatus: 'verified' }, populate: { user: { select: ['id'] } } });
      if (!row) return null;
      const profile = await profileRows().findOne({ where: { user: { id: row.user?.id } }, populate: { avatar: true } });
      return toPublicView(row, profile);
    },
  };
  return service;
}

export type TherapistProfileService = ReturnType<typeof therapistProfileService>;

/** The therapist-profile service from anywhere in the CMS. */
export const therapistProfiles = (strapi: Core.Strapi) => strapi.service(UID) as unknown as TherapistProfileService;

export default factories.createCoreService(UID, therapistProfileService);
