/** Rows of the staff's account search and standing writes (db/account-search.ts, db/standing-writes.ts), typed once. */

/** One account from the account search join, as the drivers answer it. */
export interface AccountSearchRow {
  userId: number | string;
  username: string;
  email: string | null;
  blocked: boolean | number | null;
  confirmed: boolean | number | null;
  createdAt: unknown;
  displayName: string | null;
  roleType: string | null;
  /** The therapist profile's documentId, when the account has one. */
  therapistId: string | null;
  verificationStatus: string | null;
  featured: boolean | number | null;
}

/** A users-permissions role, as far as people reads it. */
export interface RoleRow {
  id: number;
  type: string;
}

/** An account with its role populated. */
export interface AccountRoleRow {
  id: number;
  blocked: boolean | null;
  role?: RoleRow | null;
}

/** A therapist profile's standing fields. */
export interface TherapistStandingRow {
  id: number;
  documentId: string;
  verificationStatus: string | null;
  featured: boolean | null;
}
