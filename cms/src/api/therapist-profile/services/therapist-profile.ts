import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';

const UID = 'api::therapist-profile.therapist-profile';

/** Fields any visitor may see of a verified therapist. Licence numbers are for staff only. */
export function toPublicView(therapist: any, profile: any) {
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
export function toOwnerView(therapist: any) {
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

export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  async findForUser(userId: number) {
    return strapi.documents(UID).findFirst({ filters: { user: { id: userId } } });
  },

  /** Verified therapists only, joined with their profiles, one page at a time. */
  async listVerified({ page, pageSize }: { page: number; pageSize: number }) {
    const where = { verificationStatus: 'verified' };
    const [rows, total] = await Promise.all([
      strapi.db.query(UID).findMany({
        where,
        populate: { user: { select: ['id'] } },
        orderBy: [{ id: 'asc' }],
        offset: (page - 1) * pageSize,
        limit: pageSize,
      }),
      strapi.db.query(UID).count({ where }),
    ]);
    const userIds = rows.map((row: any) => row.user?.id).filter(Boolean);
    const profiles = userIds.length
      ? await strapi.db.query('api::profile.profile').findMany({ where: { user: { id: { $in: userIds } } }, populate: { user: { select: ['id'] }, avatar: true } })
      : [];
    const byUser = new Map(profiles.map((p: any) => [p.user?.id, p]));
    return {
      data: rows.map((row: any) => toPublicView(row, byUser.get(row.user?.id))),
      meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } },
    };
  },

  async findVerified(documentId: string) {
    const row = await strapi.db.query(UID).findOne({
      where: { documentId, verificationStatus: 'verified' },
      populate: { user: { select: ['id'] } },
    });
    if (!row) return null;
    const profile = await strapi.db.query('api::profile.profile').findOne({ where: { user: { id: row.user?.id } }, populate: { avatar: true } });
    return toPublicView(row, profile);
  },
}));
