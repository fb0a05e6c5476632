/** Rows people reads, typed once (Query Engine reads and the raw joins in this folder). */

/** An account (users-permissions), as far as people reads it. */
export interface UserRow {
  id: number;
  username: string;
  email: string | null;
  confirmed: boolean | null;
  blocked: boolean | null;
}

/** A therapist profile with its account populated (`populate: { user: … }`). */
export interface TherapistProfileRow {
  id: number;
  documentId: string;
  verificationStatus: string | null;
  /** 'YYYY-MM-DD'. */
  licenceExpiry: string;
  verifiedAt: Date | string | null;
  verifiedBy: string | null;
  user?: { id: number; blocked: boolean | null } | null;
}

/** One person from the account-profile-role join (db/person-join.ts). */
export interface PersonJoinRow {
  userId: number | string;
  blocked: boolean | number | null;
  displayName: string | null;
  timeZone: string | null;
  roleType: string | null;
}

/** One therapist from the profile-account join (db/therapist-join.ts). */
export interface TherapistJoinRow {
  documentId: string;
  verificationStatus: string | null;
  licenceExpiry: unknown;
  sessionLengthMinutes: number | string | null;
  rateMinor: number | string | null;
  currency: string | null;
  userId: number | string | null;
  blocked: boolean | number | null;
  displayName: string | null;
}

/** One account's address and notification settings (db/email-join.ts). */
export interface EmailJoinRow {
  userId: number | string;
  email: string | null;
  /** The profile's `mailOff` (JSON list of mail purposes turned off): parsed on PostgreSQL, text on SQLite. */
  mailOff: unknown;
}

/** A stored upload (plugin::upload.file) as far as people reads it; the full row is handed back to the upload service to remove. */
export interface UploadFileRow {
  id: number;
  name: string;
  mime: string | null;
  size: number | string | null;
}

/** An account with its role, for the person's own export (db/personal-data.ts). */
export interface OwnAccountRow extends UserRow {
  provider: string | null;
  createdAt: Date | string | number | null;
  role?: { name: string | null; type: string | null } | null;
}

/** A profile with its avatar, for the person's own export and erasure. */
export interface OwnProfileRow {
  id: number;
  displayName: string | null;
  pronouns: string | null;
  timeZone: string | null;
  /** JSON list of mail purposes turned off: parsed on PostgreSQL, maybe text on SQLite. */
  mailOff: unknown;
  createdAt: Date | string | number | null;
  avatar?: UploadFileRow | null;
}

/** Every practice field of a therapist profile, for its therapist's own export and erasure. */
export interface OwnTherapistProfileRow {
  id: number;
  licenceNumber: string | null;
  licenceJurisdiction: string | null;
  licenceExpiry: unknown;
  specialties: unknown;
  languages: unknown;
  bio: string | null;
  sessionLengthMinutes: number | null;
  rateMinor: number | string | null;
  currency: string | null;
  verificationStatus: string | null;
  verifiedAt: Date | string | number | null;
  featured: boolean | null;
  createdAt: Date | string | number | null;
}

/** A request to change an account's email address (api::account.email-change). */
export interface EmailChangeRow {
  id: number;
  userId: number;
  newEmail: string | null;
  tokenHash: string | null;
  status: string;
  expiresAt: Date | string | number | null;
  usedAt: Date | string | number | null;
  createdAt: Date | string | number | null;
}

/** One day of an account's activity (plugin::people.activity). */
export interface ActivityRow {
  id: number;
  userId: number;
  day: string;
  week: string;
}
