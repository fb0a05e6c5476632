/**
 * Site accounts as the staff's Accounts page reads them (browser-safe types): people builds the
 * summary, the accounts plugin answers it through its allow-listed view (views.ts proves the two
 * match), and the admin page reads it. Staff-only: it carries the email.
 */

/** One site account as the staff's Accounts page lists it. */
export interface AccountSummary {
  userId: number;
  username: string;
  email: string;
  displayName: string | null;
  /** The users-permissions role's type. */
  role: string | null;
  blocked: boolean;
  confirmed: boolean;
  /** ISO 8601, UTC. */
  signedUpAt: string | null;
  /** The therapist profile, when the account has one. */
  therapist: { id: string; verificationStatus: string; featured: boolean } | null;
}
