import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { joinOf, tableMeta } from '@haven/shared/server/db';
import { documentsOf, tableOf } from '@haven/shared/server/strapi';
import { booking } from '@haven/plugin-booking/public';
import { listingView, ownTherapistView, type OwnTherapistView, type TherapistListingView } from '../views';

const UID = 'api::therapist-profile.therapist-profile';

export type VerificationStatus = 'pending' | 'verified' | 'rejected' | 'more-info';

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
  /** Promoted by staff (the Accounts page): listed first in the directory. */
  featured?: boolean | null;
}

export interface TherapistEntry extends TherapistPractice {
  id: number;
  documentId: string;
  user?: { id: number; blocked?: boolean | null } | null;
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

/** The lists and the bio as the answers give them: empty rather than null. */
const normalised = (therapist: Pick<TherapistPractice, 'specialties' | 'languages' | 'bio'>) => ({
  specialties: therapist.specialties ?? [],
  languages: therapist.languages ?? [],
  bio: therapist.bio ?? '',
});

/** Fields any visitor may see of a verified therapist (listingView). Licence numbers are for staff only. */
export function toPublicView(therapist: PublicTherapistFields, profile: ProfileRow | null | undefined, nextFreeSlot: number | null = null): TherapistListingView {
  return listingView.pick({
    ...therapist,
    ...normalised(therapist),
    id: therapist.documentId,
    nextFreeSlot: nextFreeSlot === null ? null : new Date(nextFreeSlot).toISOString(),
    featured: Boolean(therapist.featured),
    displayName: profile?.displayName ?? 'Therapist',
    pronouns: profile?.pronouns ?? null,
    avatarUrl: profile?.avatar?.url ?? null,
    timeZone: profile?.timeZone ?? 'UTC',
  });
}

/** What a therapist sees of their own profile (ownTherapistView), including their licence and verification state. */
export function toOwnerView(therapist: TherapistEntry): OwnTherapistView {
  return ownTherapistView.pick({ ...therapist, ...normalised(therapist), verifiedAt: therapist.verifiedAt ?? null });
}

/** What the public view reads of a therapist profile. */
export type PublicTherapistFields = Pick<TherapistEntry, 'documentId' | 'licenceJurisdiction' | 'specialties' | 'languages' | 'bio' | 'sessionLengthMinutes' | 'rateMinor' | 'currency' | 'featured'>;

/** One row of the directory's joined query. */
interface JoinedRow {
  id: number | string;
  document_id: string;
  user_id: number | string;
  profile_id: number | string | null;
  display_name: string | null;
  pronouns: string | null;
  time_zone: string | null;
  bio: string | null;
  specialties: unknown;
  languages: unknown;
  licence_jurisdiction: string;
  session_length_minutes: number | string | null;
  rate_minor: number | string | null;
  currency: string | null;
  featured: boolean | number | null;
}

export interface DirectoryQuery {
  page: number;
  pageSize: number;
  specialty?: string;
  language?: string;
  /** With `currency`: at most this many minor units of that currency. */
  maxRate?: number;
  /** Only therapists who charge in this currency. */
  currency?: string;
  q?: string;
  available?: 'week';
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
  therapist: PublicTherapistFields;
  profile: ProfileRow;
}

const list = (value: unknown): string[] => {
  const parsed = typeof value === 'string' ? (() => { try { return JSON.parse(value); } catch { return []; } })() : value;
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
};

/** Every verified therapist's filterable fields in one joined query, in directory order: featured first (staff promote them), then oldest profile first; suspended accounts left out. */
async function filterableRows(strapi: Core.Strapi): Promise<FilterableRow[]> {
  const tp = tableMeta(strapi, UID);
  const p = tableMeta(strapi, 'api::profile.profile');
  const tpUser = joinOf(strapi, UID, 'user');
  const pUser = joinOf(strapi, 'api::profile.profile', 'user');
  const col = (m: ReturnType<typeof tableMeta>, name: string) => m.column(name);
  const query = strapi.db
    .connection(`${tp.table} as tp`)
    .join(`${tpUser.table} as tl`, `tl.${tpUser.from}`, 'tp.id')
    .leftJoin(`${pUser.table} as pl`, `pl.${pUser.to}`, `tl.${tpUser.to}`)
    .leftJoin(`${p.table} as p`, 'p.id', `pl.${pUser.from}`)
    .join(`${tableMeta(strapi, 'plugin::users-permissions.user').table} as u`, 'u.id', `tl.${tpUser.to}`)
    .where(`tp.${col(tp, 'verificationStatus')}`, 'verified')
    // An expired licence hides a verified therapist until renewed (UTC days, compared as 'YYYY-MM-DD').
    .where(`tp.${col(tp, 'licenceExpiry')}`, '>=', new Date().toISOString().slice(0, 10))
    .where((w) => w.whereNull('u.blocked').orWhere('u.blocked', false))
    // Featured first; CASE reads SQLite's 0/1 and PostgreSQL's booleans alike, NULL (never promoted) as not featured.
    .orderByRaw(`CASE WHEN tp.?? THEN 1 ELSE 0 END DESC`, [col(tp, 'featured')])
    .orderBy('tp.id', 'asc')
    .select(
      'tp.id as id',
      'tp.document_id as document_id',
      `tl.${tpUser.to} as user_id`,
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
      `tp.${col(tp, 'featured')} as featured`,
    );
  const rows = (await query) as JoinedRow[];
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
        featured: Boolean(row.featured),
      },
      profile: row.profile_id ? { displayName: row.display_name, pronouns: row.pronouns, timeZone: row.time_zone } : {},
    };
  });
}

/** The currencies listed therapists charge in, most therapists first (then alphabetical). */
function currencyCounts(rows: FilterableRow[]): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.therapist.currency) counts.set(row.therapist.currency, (counts.get(row.therapist.currency) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([code]) => code);
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

    /**
     * Verified therapists only, joined with their profiles, filtered and one page at a time, each with
     * their next free slot (from the booking plugin). The filterable fields of every verified therapist
     * are read in one joined query and filtered here: specialties and languages are JSON lists, and a
     * directory of thousands fits in memory comfortably (bench/RESULTS.md).
     */
    async listVerified(query: DirectoryQuery) {
      const { page, pageSize } = query;
      const listed = await filterableRows(strapi);
      // The currencies the directory's rate filter may name, most used first (the site's currency choice).
      const currencies = currencyCounts(listed);
      // Rates compare only within one currency: a €90 rate is never held against "$100".
      const candidates = query.currency === undefined ? listed : listed.filter((row) => row.therapist.currency === query.currency && (query.maxRate === undefined || (row.therapist.rateMinor ?? 0) <= query.maxRate));
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
        profileIds.length ? tableOf<{ id: number; avatar?: { url?: string | null } | null }>(strapi, 'api::profile.profile').findMany({ where: { id: { $in: profileIds } }, select: ['id'], populate: { avatar: { select: ['url'] } } }) : [],
        booking.nextFree(pageRows.map((row) => row.userId), { fresh: true }),
      ]);
      const avatarOf = new Map(avatars.map((p) => [p.id, p.avatar]));
      return {
        data: pageRows.map((r) =>
          toPublicView(r.therapist, r.profileId === null ? null : { ...r.profile, avatar: avatarOf.get(r.profileId) ?? null }, next.get(r.userId) ?? null),
        ),
        meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) }, currencies },
      };
    },

    async findVerified(documentId: string) {
      const today = new Date().toISOString().slice(0, 10);
      const row = await rows().findOne({ where: { documentId, verificationStatus: 'verified', licenceExpiry: { $gte: today } }, populate: { user: { select: ['id', 'blocked'] } } });
      // A suspended therapist is not listed, like an unverified one or one whose licence has expired.
      if (!row || row.user?.blocked) return null;
      const userId = row.user?.id;
      const profile = await profileRows().findOne({ where: { user: { id: userId } }, populate: { avatar: true } });
      const next = userId ? await booking.nextFree([userId], { fresh: true }) : new Map<number, number | null>();
      return toPublicView(row, profile, (userId ? next.get(userId) : null) ?? null);
    },
  };
  return service;
}

export type TherapistProfileService = ReturnType<typeof therapistProfileService>;

/** The therapist-profile service from anywhere in the CMS. */
/** The therapist-profile service from anywhere in the CMS (stateless: the same functions Strapi registers under UID). */
export const therapistProfiles = (strapi: Core.Strapi): TherapistProfileService => therapistProfileService({ strapi });

export default factories.createCoreService(UID, therapistProfileService);
