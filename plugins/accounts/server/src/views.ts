/**
 * Responses by allow-list: an account leaves the server only through this definition (staff-only:
 * super admins holding plugin::accounts.read see emails), so a field people's summary grows later
 * stays private until it is named here.
 */
import type { AccountSummary } from '@haven/shared/accounts';
import { publicView, type Proof, type SameFields, type ViewOf } from '@haven/shared/view';

/** Admin API: GET /accounts/accounts (each of `data`) and the answer of every action on one account. */
export const accountView = publicView<AccountSummary>()('userId', 'username', 'email', 'displayName', 'role', 'blocked', 'confirmed', 'signedUpAt', 'therapist');

export type AccountView = ViewOf<typeof accountView>;

/** What an invitation answers: the new (inactive) admin user and where the mail went. */
export interface InvitationRecord {
  adminUserId: number;
  email: string;
  role: 'editor' | 'moderator';
  /** The registration token stays in the mail: it is the invited person's key. */
  registrationToken: string;
}

export const invitationView = publicView<InvitationRecord>()('adminUserId', 'email', 'role');

export type InvitationView = ViewOf<typeof invitationView>;

/** The admin page reads AccountSummary (@haven/shared/accounts): tsc refuses a view that drifts from it. */
export type ViewProofs = [Proof<SameFields<AccountView, AccountSummary>>];
