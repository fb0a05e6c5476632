/**
 * Data access of the erasure (services/erasure.ts): the request table, and the two things it needs of
 * users-permissions' account row: the password hash (checked by users-permissions' own
 * validatePassword) and, last of all, deleting the row itself.
 */
import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { CommunityChoice } from '@haven/shared/server/personal-data';

export const ERASURE_UID = 'plugin::privacy.erasure-request' as const;
const USER_UID = 'plugin::users-permissions.user';

export type ErasureState = 'scheduled' | 'cancelled' | 'done';

/** One request (content-types/erasure-request). `userId` is null once done: the record stays anonymous. */
export interface ErasureRequestRow {
  id: number;
  userId: number | null;
  state: ErasureState;
  community: CommunityChoice;
  requestedBy: 'self' | 'staff';
  dueAt: Date | string;
  cancelledAt: Date | string | null;
  cancelledBy: 'login' | 'self' | 'staff' | null;
  noticePending: boolean | null;
  attempts: number | null;
  failedPlugin: string | null;
  lastError: string | null;
  completedAt: Date | string | null;
  outcome: Record<string, unknown> | null;
  owner: string | null;
  leaseUntil: Date | string | null;
  createdAt: Date | string;
}

interface AccountRow {
  id: number;
  password: string | null;
}

export const erasureTables = (strapi: Core.Strapi) => ({
  get requests() {
    return tableOf<ErasureRequestRow>(strapi, ERASURE_UID);
  },
});

/** Whether the account row still exists. */
export async function accountExists(strapi: Core.Strapi, userId: number): Promise<boolean> {
  return (await tableOf<AccountRow>(strapi, USER_UID).count({ where: { id: userId } })) > 0;
}

/**
 * Deletes the account row. `delete` (not `deleteMany`) so the Query Engine also removes the row's
 * link rows (its role, any relation still pointing at it). Idempotent: 0 when it was already gone.
 */
export async function deleteAccount(strapi: Core.Strapi, userId: number): Promise<number> {
  return (await tableOf<AccountRow>(strapi, USER_UID).delete({ where: { id: userId } })) ? 1 : 0;
}
