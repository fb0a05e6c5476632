/**
 * What the CMS's profile APIs answer and the site reads: one's own profile (GET /api/profiles/me), a
 * therapist's own practice (GET /api/therapist-profiles/me) and a directory listing (GET /api/therapists).
 * The CMS builds each from a `publicView` definition (cms/src/api/<api>/views.ts) that tsc checks against
 * these types, so the two cannot drift apart.
 */

export type Role = 'client' | 'therapist';

/** What anyone may see of a person's profile. */
export interface ProfileCard {
  displayName: string;
  pronouns: string | null;
  avatarUrl: string | null;
  timeZone: string;
}

/** A therapist's practice as clients see it. */
export interface PracticeCard {
  licenceJurisdiction: string;
  specialties: string[];
  languages: string[];
  bio: string;
  sessionLengthMinutes: number | null;
  rateMinor: number | null;
  currency: string | null;
}

export interface Me extends ProfileCard {
  username: string;
  email: string;
  role: Role | null;
}

/** A therapist's own practice: also the licence and where verification stands. */
export interface TherapistPractice extends PracticeCard {
  licenceNumber: string;
  licenceExpiry: string;
  /** more-info: staff asked the applicant for more (not verified, like pending). */
  verificationStatus: 'pending' | 'verified' | 'rejected' | 'more-info';
  verifiedAt: string | null;
}

export interface TherapistListing extends ProfileCard, PracticeCard {
  id: string;
  /** The first free start (ISO, UTC), or null when none is open. */
  nextFreeSlot: string | null;
  /** Promoted by staff (Accounts page): listed first in the directory, with a "Featured" badge. */
  featured: boolean;
}
