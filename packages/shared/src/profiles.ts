/**
 * What the CMS's profile APIs answer and the site reads: one's own profile (GET /api/profiles/me), a
 * therapist's own practice (GET /api/therapist-profiles/me) and a directory listing (GET /api/therapists).
 * The CMS builds each from a `publicView` definition (cms/src/api/<api>/views.ts) that tsc checks against
 * these types, so the two cannot drift apart.
 */

export type Role = 'client' | 'therapist';

export interface Me {
  displayName: string;
  pronouns: string | null;
  timeZone: string;
  avatarUrl: string | null;
  username: string;
  email: string;
  role: Role | null;
}

export interface TherapistPractice {
  licenceNumber: string;
  licenceJurisdiction: string;
  licenceExpiry: string;
  specialties: string[];
  languages: string[];
  bio: string;
  sessionLengthMinutes: number | null;
  rateMinor: number | null;
  currency: string | null;
  verificationStatus: 'pending' | 'verified' | 'rejected';
  verifiedAt: string | null;
}

export interface TherapistListing {
  id: string;
  /** The first free start (ISO, UTC), or null when none is open. */
  nextFreeSlot: string | null;
  displayName: string;
  pronouns: string | null;
  avatarUrl: string | null;
  timeZone: string;
  licenceJurisdiction: string;
  specialties: string[];
  languages: string[];
  bio: string;
  sessionLengthMinutes: number | null;
  rateMinor: number | null;
  currency: string | null;
}
