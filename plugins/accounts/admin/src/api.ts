/**
 * The Accounts admin API (served by the plugin's server side under /accounts).
 */
import type { AccountSummary } from '@haven/shared/accounts';
import { useAdminQuery, type ListBody } from '@haven/admin-ui/query';

/** One account as the server's allow-listed view answers it (server/src/views.ts proves they match). */
export type Account = AccountSummary;

/** What a 403 means here. */
export const FORBIDDEN = 'Only super admins can manage accounts.';

export const paths = {
  accounts: (query: string) => `/accounts/accounts${query ? `?${query}` : ''}`,
  ban: (userId: number) => `/accounts/accounts/${userId}/ban`,
  unban: (userId: number) => `/accounts/accounts/${userId}/unban`,
  role: (userId: number) => `/accounts/accounts/${userId}/role`,
  featured: (userId: number) => `/accounts/accounts/${userId}/featured`,
  invitations: '/accounts/invitations',
};

/** GETs a page of accounts; the current page stays shown while reloading. */
export const useAccounts = (query: string) => useAdminQuery<ListBody<Account>>(paths.accounts(query), { forbidden: FORBIDDEN });
