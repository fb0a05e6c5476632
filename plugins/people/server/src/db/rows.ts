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
