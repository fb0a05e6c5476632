import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';

const UID = 'api::therapist-profile.therapist-profile';

/** Fields any visitor may see of a verified therapist. Licence numbers are for staff only. */
export function toPublicView(therapist: any, profile: any, nextFreeSlot: number | null = null) {
  return {
    nextFreeSlot: nextFreeSlot === null ? null : new Date(nextFreeSlot).toISOString(),
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

export interface DirectoryQuery {
  page: number;
  pageSize: number;
  specialty?: string;
  language?: string;
  maxRate?: number;
  q?: string;
  available?: 'week';
}

/** The part of the booking plugin's directory service the directory uses (next free slot, epoch ms). */
interface BookingDirectory {
  nextFree(therapistUserIds: number[], options?: { fresh?: boolean }): Promise<Map<number, number | null>>;
}

/** Everything the directory shows of a therapist except the avatar, from one joined row. */
interface FilterableRow {
  id: number;
  userId: number;
  profileId: number | null;
  displayName: string;
  bio: string;
  specialties: string[];
  languages: string[];
  therapist: Record<string, unknown>;
  profile: Record<string, unknown>;
}

const list = (value: unknown): string[] => {
  const parsed = typeof value === 'string' ? (() => { try { return JSON.parse(value); } catch { return []; } })() : value;
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
};

/** Every verified therapist's filterable fields in one joined query, in directory order. */
async function filterableRows(strapi: Core.Strapi, maxRate?: number): Promise<FilterableRow[]> {
  const meta = (uid: string) => strapi.db.metadata.get(uid as any) as any;
  const tp = meta(UID);
  const p = meta('api::profile.profile');
  const tpUser = tp.attributes.user.joinTable;
  const pUser = p.attributes.user.joinTable;
  const col = (m: any, name: string) => m.attributes[name]?.columnName ?? name;
  const query = strapi.db
    .connection(`${tp.tableName} as tp`)
    .join(`${tpUser.name} as tl`, `tl.${tpUser.joinColumn.name}`, 'tp.id')
    .leftJoin(`${pUser.name} as pl`, `pl.${pUser.inverseJoinColumn.name}`, `tl.${tpUser.inverseJoinColumn.name}`)
    .leftJoin(`${p.tableName} as p`, 'p.id', `pl.${pUser.joinColumn.name}`)
    .where(`tp.${col(tp, 'verificationStatus')}`, 'verified')
    .orderBy('tp.id', 'asc')
    .select(
      'tp.id as id',
      'tp.document_id as document_id',
      `tl.${tpUser.inverseJoinColumn.name} as user_id`,
      'p.id as profile_id',
      `p.${col(p, 'displayName')} as display_name`,
      `p.${col(p, 'pronouns')} as pronouns`,
      `p.${col(p, 'timeZone')} as time_zone`,
      `tp.${col(tp, 'bio')} as bio`,
      `tp.${col(tp, 'specialties')} as specialties`,
      `tp.${col(tp, 'languages')} as languages`,
      `tp.${col(tp, 'licenceJurisdiction')} as licence_jurisdiction`,
      `tp.${col(tp, 'sessionLengthMinutes')} as session_length_minutes`,
      `tp.${col(tp, 'rateMinor')} as rate_minor`,
      `tp.${col(tp, 'currency')} as currency`,
    );
  if (maxRate !== undefined) query.where(`tp.${col(tp, 'rateMinor')}`, '<=', maxRate);
  const rows = (await query) as any[];
  return rows.map((row) => {
    const specialties = list(row.specialties);
    const languages = list(row.languages);
    return {
      id: Number(row.id),
      userId: Number(row.user_id),
      profileId: row.profile_id === null || row.profile_id === undefined ? null : Number(row.profile_id),
      displayName: row.display_name ?? '',
      bio: row.bio ?? '',
      specialties,
      languages,
      therapist: {
        documentId: row.document_id,
        licenceJurisdiction: row.licence_jurisdiction,
        specialties,
        languages,
        bio: row.bio,
        sessionLengthMinutes: row.session_length_minutes === null ? null : Number(row.session_length_minutes),
        rateMinor: row.rate_minor === null ? null : Number(row.rate_minor),
        currency: row.currency,
      },
      profile: row.profile_id ? { displayName: row.display_name, pronouns: row.pronouns, timeZone: row.time_zone } : {},
    };
  });
}

export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  async findForUser(userId: number) {
    return strapi.documents(UID).findFirst({ filters: { user: { id: userId } } });
  },

  /**
   * Verified therapists only, joined with their profiles, filtered and one page at a time, each with
   * their next free slot (from the booking plugin). The filterable fields of every verified therapist
   * are read in one joined query and filtered here: specialties and languages are JSON lists, and a
   * directory of thousands fits in memory comfortably (bench/RESULTS.md).
   */
  async listVerified(query: DirectoryQuery) {
    const { page, pageSize } = query;
    const candidates = await filterableRows(strapi, query.maxRate);
    const needle = (text: string | undefined) => (text ? text.toLocaleLowerCase() : null);
    const specialty = needle(query.specialty);
    const language = needle(query.language);
    const q = needle(query.q);
    let matching = candidates.filter((row) => {
      if (specialty && !row.specialties.some((s) => s.toLocaleLowerCase() === specialty)) return false;
      if (language && !row.languages.some((l) => l.toLocaleLowerCase() === language)) return false;
      if (q && ![row.displayName, row.bio, ...row.specialties, ...row.languages].some((text) => text.toLocaleLowerCase().includes(q))) return false;
      return true;
    });
    const booking = strapi.plugin('booking').service('directory') as BookingDirectory;
    if (query.available === 'week') {
      const next = await booking.nextFree(matching.map((row) => row.userId));
      const weekEnd = Date.now() + 7 * 86_400_000;
      matching = matching.filter((row) => {
        const at = next.get(row.userId);
        return at !== null && at !== undefined && at <= weekEnd;
      });
    }
    const total = matching.length;
    const pageRows = matching.slice((page - 1) * pageSize, page * pageSize);
    const profileIds = pageRows.map((row) => row.profileId).filter((id): id is number => id !== null);
    const [avatars, next] = await Promise.all([
      profileIds.length ? strapi.db.query('api::profile.profile').findMany({ where: { id: { $in: profileIds } }, select: ['id'], populate: { avatar: { select: ['url'] } } }) : [],
      booking.nextFree(pageRows.map((row) => row.userId), { fresh: true }),
    ]);
    const avatarOf = new Map(avatars.map((p: any) => [p.id, p.avatar]));
    return {
      data: pageRows.map((r) =>
        toPublicView(r.therapist, r.profileId === null ? null : { ...r.profile, avatar: avatarOf.get(r.profileId) ?? null }, next.get(r.userId) ?? null),
      ),
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
    const next = row.user?.id ? await (strapi.plugin('booking').service('directory') as BookingDirectory).nextFree([row.user.id], { fresh: true }) : new Map();
    return toPublicView(row, profile, next.get(row.user?.id) ?? null);
  },
}));
