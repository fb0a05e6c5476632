/**
 * Responses by allow-list for therapist profiles: what a therapist sees of their own and what anyone
 * sees in the directory are each picked from one definition here, so a field the content type grows
 * later (or a licence number that rides along on the entry) stays private until it is named here.
 * (Strapi loads only the known folders of an API, so this file is not taken for a controller or a route.)
 */
import { publicView, type SameFields, type ViewOf } from '@haven/shared/view';
import type { TherapistListing, TherapistPractice } from '@haven/shared/profiles';
import type { PublicTherapistFields, TherapistEntry } from './services/therapist-profile';

/** The lists and the bio as the answers give them: never null. */
interface Normalised {
  specialties: string[];
  languages: string[];
  bio: string;
}

/** What a therapist's own profile answer is picked from: the whole entry (account relation, verifier included). */
export type OwnTherapistRecord = Omit<TherapistEntry, keyof Normalised> & Normalised;

/** The practice fields both answers carry, in the order they give them. */
const PRACTICE_FIELDS = ['specialties', 'languages', 'bio', 'sessionLengthMinutes', 'rateMinor', 'currency'] as const;

/** GET /api/therapist-profiles/me, PUT /api/therapist-profiles/me: their licence and verification state too. */
export const ownTherapistView = publicView<OwnTherapistRecord>()(
  'licenceNumber',
  'licenceJurisdiction',
  'licenceExpiry',
  ...PRACTICE_FIELDS,
  'verificationStatus',
  'verifiedAt',
);

/**
 * What a directory listing is picked from: the therapist's practice fields (and whatever else the entry
 * handed in carries at run time, such as the licence number), their profile's public fields and the
 * next free slot.
 */
export interface ListingRecord extends Omit<PublicTherapistFields, keyof Normalised>, Normalised {
  /** The public id: the therapist profile's document id. */
  id: string;
  /** The first free start (ISO, UTC), or null when none is open. */
  nextFreeSlot: string | null;
  displayName: string;
  pronouns: string | null;
  avatarUrl: string | null;
  timeZone: string;
  /** Promoted by staff: listed first, with a badge. */
  featured: boolean;
}

/** GET /api/therapists (each of `data`), GET /api/therapists/:id. Licence numbers are for staff only. */
export const listingView = publicView<ListingRecord>()('nextFreeSlot', 'id', 'displayName', 'pronouns', 'avatarUrl', 'timeZone', 'licenceJurisdiction', ...PRACTICE_FIELDS, 'featured');

export type OwnTherapistView = ViewOf<typeof ownTherapistView>;
export type TherapistListingView = ViewOf<typeof listingView>;

/** Compile-time proof that each definition hands out exactly what the site reads (@haven/shared/profiles). */
export const SAME_AS_SHARED: [SameFields<OwnTherapistView, TherapistPractice>, SameFields<TherapistListingView, TherapistListing>] = [true, true];
