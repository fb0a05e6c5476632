/**
 * Where an account stands, as staff set it from the Accounts page (the accounts plugin decides who
 * may and records why; people only writes): the staff's account search, blocking and unblocking,
 * the site role (Client or Therapist) and featuring a therapist in the directory.
 *
 * Blocking also ends every users-permissions session of the account (its refresh tokens are
 * deleted through Strapi's session manager), so a blocked person cannot mint new access tokens, and
 * users-permissions refuses the access tokens already out because it checks `blocked` on every
 * request. Unblocking restores log-in only: ended sessions stay ended.
 */
import type { Core } from '@strapi/strapi';
import { conflict, notFound } from '@haven/shared/errors';
import type { AccountSummary } from '@haven/shared/accounts';
import { isoOrNull } from '@haven/shared/server/db';
import { searchAccounts } from '../db/account-search';
import type { AccountSearchRow } from '../db/rows-standing';
import { standingWrites } from '../db/standing-writes';

export type SiteRole = 'client' | 'therapist';

export type { AccountSummary };

export interface AccountSearch {
  q?: string;
  role?: SiteRole;
  blocked?: boolean;
  page: number;
  pageSize: number;
}

export interface AccountPage {
  data: AccountSummary[];
  meta: { pagination: { page: number; pageSize: number; total: number; pageCount: number } };
}

/** What a change did: the value before and after (for the audit entry and the answer). */
export interface StandingChange<T> {
  userId: number;
  before: T;
  after: T;
}

const truthy = (value: boolean | number | null | undefined) => value === true || value === 1;

function summaryOf(row: AccountSearchRow): AccountSummary {
  return {
    userId: Number(row.userId),
    username: row.username,
    email: row.email ?? '',
    displayName: row.displayName ?? null,
    role: row.roleType ?? null,
    blocked: truthy(row.blocked),
    confirmed: truthy(row.confirmed),
    signedUpAt: isoOrNull(row.createdAt),
    therapist: row.therapistId ? { id: row.therapistId, verificationStatus: row.verificationStatus ?? 'pending', featured: truthy(row.featured) } : null,
  };
}

const NO_ACCOUNT = 'No such site account';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const writes = standingWrites(strapi);

  async function existing(userId: number) {
    const account = Number.isInteger(userId) && userId > 0 ? await writes.account(userId) : null;
    if (!account) throw notFound(NO_ACCOUNT);
    return account;
  }

  const service = {
    /** Accounts matching a name, email or username (any case), newest first, one page. */
    async search(query: AccountSearch): Promise<AccountPage> {
      const { rows, total } = await searchAccounts(strapi, { q: query.q || undefined, role: query.role, blocked: query.blocked, offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
      return { data: rows.map(summaryOf), meta: { pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) } } };
    },

    /** One account's summary, or null when there is no such site account. */
    async summary(userId: number): Promise<AccountSummary | null> {
      if (!Number.isInteger(userId) || userId <= 0) return null;
      const { rows } = await searchAccounts(strapi, { userId, offset: 0, limit: 1 });
      return rows[0] ? summaryOf(rows[0]) : null;
    },

    /** Blocks (ending every session) or unblocks an account; 404 for an unknown one. Setting the same value again changes nothing. */
    async setBlocked(userId: number, blocked: boolean): Promise<StandingChange<boolean>> {
      const account = await existing(userId);
      const before = Boolean(account.blocked);
      if (before !== blocked) await writes.setBlocked(userId, blocked);
      // Also when already blocked: a session opened in between (there should be none) ends too.
      if (blocked) await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(userId));
      return { userId, before, after: blocked };
    },

    /**
     * Makes an account a Client or a Therapist. A therapist is listed and bookable only with a
     * verified therapist profile, so becoming one changes nothing visible until staff verify a
     * profile; a therapist who becomes a client has their verification or application withdrawn
     * (rejected, not featured), so they leave the directory and take no new bookings.
     */
    async setSiteRole(userId: number, role: SiteRole): Promise<StandingChange<string | null>> {
      const account = await existing(userId);
      const before = account.role?.type ?? null;
      if (before !== 'client' && before !== 'therapist' && before !== 'authenticated') throw conflict(`This account's role (${before ?? 'none'}) is not changed from here.`, { reason: 'unknown_role' });
      if (before === role) return { userId, before, after: role };
      const target = await writes.roleByType(role);
      if (!target) throw new Error(`[people] the users-permissions role '${role}' is missing`);
      await writes.setRole(userId, target.id);
      if (role === 'client') {
        const profile = await writes.therapistOf(userId);
        // Verified or still waiting: either way they are no longer a therapist here, so they leave the directory and the applications queue.
        if (profile && (profile.verificationStatus !== 'rejected' || profile.featured)) await writes.updateTherapist(profile.id, { verificationStatus: 'rejected', featured: false });
      }
      return { userId, before, after: role };
    },

    /** Features a verified therapist in the directory (listed first) or stops featuring them. */
    async setFeatured(userId: number, featured: boolean): Promise<StandingChange<boolean>> {
      await existing(userId);
      const profile = await writes.therapistOf(userId);
      if (!profile) throw conflict('Only therapists with a therapist profile can be featured.', { reason: 'not_therapist' });
      if (featured && profile.verificationStatus !== 'verified') throw conflict('Only verified therapists can be featured: verify them first.', { reason: 'not_verified' });
      const before = Boolean(profile.featured);
      if (before !== featured) await writes.updateTherapist(profile.id, { featured });
      return { userId, before, after: featured };
    },
  };
  return service;
};
