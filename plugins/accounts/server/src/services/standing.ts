/**
 * The Accounts page's actions on site accounts: find, ban, unban, feature a therapist, change a site
 * role. People writes the account; this service decides the order of things, applies the ban policy
 * and records every action with its reason in the audit log.
 *
 * Ban: the account is blocked and its sessions (refresh tokens) end, so users-permissions refuses its
 * log-in and every access token already out (it checks `blocked` on each request); its open chat
 * sockets are closed on every process (chat.disconnectUser); and its upcoming sessions are cancelled
 * by Haven with a full refund and a mail to both participants (booking.cancelUpcomingFor). Unban
 * restores log-in only: cancelled sessions stay cancelled.
 */
import type { Core } from '@strapi/strapi';
import { booking } from '@haven/plugin-booking/public';
import { chat } from '@haven/plugin-chat/public';
import { people, type AccountSummary, type SiteRole } from '@haven/plugin-people/public';
import { conflict, notFound } from '@haven/shared/errors';
import type { SearchQuery } from '../lib/validation';
import { accountView, type AccountView } from '../views';
import type { StaffActor } from '@haven/shared/server/strapi';
import { recordAction } from './staff';

export interface AccountList {
  data: AccountView[];
  meta: { pagination: { page: number; pageSize: number; total: number; pageCount: number } };
}

export interface BanResult {
  account: AccountView;
  /** Upcoming sessions Haven cancelled. */
  cancelledSessions: number;
}

const NO_ACCOUNT = 'No such site account';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The site account, or 404: admin-panel (staff) accounts are not site accounts and are never found here. */
  async function siteAccount(userId: number): Promise<AccountSummary> {
    const found = await people.accountSummary(userId);
    if (!found) throw notFound(NO_ACCOUNT);
    return found;
  }

  async function fresh(userId: number): Promise<AccountView> {
    return accountView.pick(await siteAccount(userId));
  }

  return {
    async search(query: SearchQuery): Promise<AccountList> {
      const page = await people.searchAccounts(query);
      return { data: accountView.pickAll(page.data), meta: page.meta };
    },

    async ban(staff: StaffActor, userId: number, reason: string): Promise<BanResult> {
      const account = await siteAccount(userId);
      if (account.blocked) throw conflict('This account is already banned.', { reason: 'already_banned' });
      await people.setBlocked(userId, true);
      // The database lifecycle of the chat does this too; the explicit call makes the 2-second promise independent of it.
      chat.disconnectUser(userId);
      let cancelledSessions = 0;
      try {
        cancelledSessions = await booking.cancelUpcomingFor(userId);
      } catch (err) {
        // The ban stands (log-in is refused); the sessions left are reported to staff by the log and the audit entry.
        strapi.log.error(`[accounts] banned account ${userId}, but cancelling its upcoming sessions failed: ${(err as Error).message}`);
        cancelledSessions = -1;
      }
      await recordAction(staff, 'ban', { type: 'accounts.account', id: userId }, reason, { role: account.role, cancelledSessions });
      return { account: await fresh(userId), cancelledSessions };
    },

    async unban(staff: StaffActor, userId: number, reason: string): Promise<AccountView> {
      const account = await siteAccount(userId);
      if (!account.blocked) throw conflict('This account is not banned.', { reason: 'not_banned' });
      await people.setBlocked(userId, false);
      await recordAction(staff, 'unban', { type: 'accounts.account', id: userId }, reason, { role: account.role });
      return fresh(userId);
    },

    async setRole(staff: StaffActor, userId: number, role: SiteRole, reason: string): Promise<AccountView> {
      const account = await siteAccount(userId);
      if (account.role === role) throw conflict(`This account is already a ${role}.`, { reason: 'unchanged' });
      const change = await people.setSiteRole(userId, role);
      await recordAction(staff, 'role', { type: 'accounts.account', id: userId }, reason, { from: change.before, to: change.after, therapistProfile: account.therapist !== null });
      return fresh(userId);
    },

    async setFeatured(staff: StaffActor, userId: number, featured: boolean, reason: string): Promise<AccountView> {
      const account = await siteAccount(userId);
      if (account.therapist && account.therapist.featured === featured) throw conflict(featured ? 'This therapist is already featured.' : 'This therapist is not featured.', { reason: 'unchanged' });
      await people.setFeatured(userId, featured);
      await recordAction(staff, featured ? 'feature' : 'unfeature', { type: 'accounts.account', id: userId }, reason, { therapistId: account.therapist?.id ?? null });
      return fresh(userId);
    },
  };
};
