/**
 * Changing an account's email address. The request (new address + current password) mails a
 * single-use link to the NEW address and a notice to the OLD one; the address changes only when
 * the link is used, by the same account, within 24 hours. Tokens are 32 random bytes,
 * stored only as their SHA-256 (a database leak gives no usable link). An address that belongs to
 * another account gets the same answer as a free one (no enumeration): its owner is told by mail
 * instead. Every request, whatever its outcome, is a row here, and the rows of the last hour are the
 * rate limit (so it holds across processes and restarts).
 */
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { sendMail, tableOf } from '@haven/shared/server/strapi';
import { accountMail, siteUrl } from './mail';

export const EMAIL_CHANGE_UID = 'api::account.email-change';
const USER_UID = 'plugin::users-permissions.user';

type Status = 'pending' | 'used' | 'superseded' | 'taken' | 'wrong-password' | 'unsent';

interface EmailChangeRow {
  id: number;
  userId: number;
  newEmail: string | null;
  tokenHash: string | null;
  status: Status;
  expiresAt: Date | string | null;
  usedAt: Date | string | null;
  createdAt: Date | string;
}

interface UserRow {
  id: number;
  email: string;
  username: string;
  password: string;
  blocked: boolean | null;
}

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
/** How long a link works (the site's texts say 24 hours). */
export const ttlHours = () => 24;
/** Requests per account and hour, whatever their outcome (wrong passwords count too). */
export const maxPerHour = () => int('EMAIL_CHANGE_MAX_PER_HOUR', 5);

const HOUR_MS = 60 * 60 * 1000;
/** 32 random bytes as base64url: 43 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

export class RateLimited extends errors.RateLimitError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`Too many email change requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { retryAfterSeconds });
  }
}

/** The link could not be mailed: nothing changed, and the person may try again (503). */
export class MailUnavailable extends Error {
  constructor() {
    super('We could not send the confirmation mail just now. Nothing was changed; please try again in a moment.');
  }
}

export function emailChanges(strapi: Core.Strapi) {
  const changes = () => tableOf<EmailChangeRow>(strapi, EMAIL_CHANGE_UID);
  const users = () => tableOf<UserRow>(strapi, USER_UID);
  const record = (userId: number, status: Status, data: Partial<EmailChangeRow> = {}) => changes().create({ data: { userId, status, ...data } });

  /** Another account that has this address (users-permissions keeps emails in lower case). */
  const takenByOther = async (email: string, userId: number) => (await users().count({ where: { email, id: { $ne: userId } } })) > 0;

  async function checkRate(userId: number, now: Date) {
    const since = new Date(now.getTime() - HOUR_MS);
    const recent = await changes().findMany({ where: { userId, createdAt: { $gt: since } }, select: ['createdAt'], orderBy: { createdAt: 'asc' } });
    if (recent.length < maxPerHour()) return;
    const oldest = new Date(recent[recent.length - maxPerHour()].createdAt).getTime();
    throw new RateLimited(Math.max(1, Math.ceil((oldest + HOUR_MS - now.getTime()) / 1000)));
  }

  /** The pending change a token names, for this account; otherwise a 4xx that says why. */
  async function usable(userId: number, token: string, now: Date): Promise<EmailChangeRow> {
    const invalid = () => new errors.ValidationError('This link is not valid. Open the latest link we mailed you, or ask for a new one on your profile.');
    if (!TOKEN.test(token)) throw invalid();
    const row = await changes().findOne({ where: { tokenHash: hashToken(token) } });
    if (!row || !row.newEmail) throw invalid();
    if (row.userId !== userId) throw new errors.ForbiddenError('This link belongs to another Haven account. Log out, then log in to the account that asked for the change.');
    if (row.status === 'used') throw new errors.ValidationError('This link was already used. Your email address is the one shown on your profile.');
    if (row.status !== 'pending') throw new errors.ValidationError('This link no longer works because you asked for another one since. Open the latest link we mailed you.');
    if (!row.expiresAt || new Date(row.expiresAt).getTime() <= now.getTime()) throw new errors.ValidationError(`This link has expired (links work for ${ttlHours()} hours). Ask for a new one on your profile.`);
    return row;
  }

  return {
    /**
     * Asks for a change to `newEmail` (already checked as an address, lower case). Answers the same
     * way whether the address is free or not; throws on a wrong password, the current address, or
     * past the rate limit (nothing is mailed then).
     */
    async request(userId: number, newEmail: string, currentPassword: string, now = new Date()): Promise<{ expiresAt: string }> {
      await checkRate(userId, now);
      const user = await users().findOne({ where: { id: userId }, select: ['id', 'email', 'username', 'password', 'blocked'] });
      if (!user || user.blocked) throw new errors.ForbiddenError('This account cannot be changed.');
      const valid = await strapi.plugin('users-permissions').service('user').validatePassword(currentPassword, user.password);
      if (!valid) {
        await record(userId, 'wrong-password');
        throw new errors.ValidationError('Your current password is not right.', { errors: [{ path: ['currentPassword'], message: 'is not right', name: 'ValidationError' }] });
      }
      if (newEmail === user.email.toLowerCase()) throw new errors.ValidationError('That is already your email address.', { errors: [{ path: ['email'], message: 'is already your email address', name: 'ValidationError' }] });

      const expiresAt = new Date(now.getTime() + ttlHours() * HOUR_MS);
      const notice = accountMail.changeRequested(user.email, newEmail, ttlHours());
      if (await takenByOther(newEmail, userId)) {
        // Same answer as for a free address; the owner of the address learns of it, and so does this account.
        await record(userId, 'taken', { newEmail });
        await Promise.all([sendMail(strapi, accountMail.addressTaken(newEmail)), sendMail(strapi, notice)]).catch((err: Error) => strapi.log.error(`[account] email change mails (taken address): ${err.message}`));
        return { expiresAt: expiresAt.toISOString() };
      }

      const token = crypto.randomBytes(32).toString('base64url');
      // Only the newest link works: earlier pending ones stop working now.
      await changes().updateMany({ where: { userId, status: 'pending' }, data: { status: 'superseded' } });
      const row = await record(userId, 'pending', { newEmail, tokenHash: hashToken(token), expiresAt });
      try {
        await sendMail(strapi, accountMail.confirmNewAddress(newEmail, `${siteUrl()}/profile/email?token=${token}`, ttlHours()));
      } catch (err) {
        await changes().update({ where: { id: row.id }, data: { status: 'unsent', tokenHash: null } });
        strapi.log.error(`[account] the email change link could not be sent: ${(err as Error).message}`);
        throw new MailUnavailable();
      }
      await sendMail(strapi, notice).catch((err: Error) => strapi.log.error(`[account] the email change notice could not be sent: ${err.message}`));
      return { expiresAt: expiresAt.toISOString() };
    },

    /** What a link would do, without using it (the confirmation page shows the address first). */
    async check(userId: number, token: string, now = new Date()): Promise<{ email: string; expiresAt: string }> {
      const row = await usable(userId, token, now);
      return { email: row.newEmail!, expiresAt: new Date(row.expiresAt!).toISOString() };
    },

    /**
     * Uses a link: the account signed in must be the one that asked. The token is spent by one
     * conditional update (pending and not expired → used), so two uses at once cannot both win.
     */
    async confirm(userId: number, token: string, now = new Date()): Promise<{ email: string }> {
      const row = await usable(userId, token, now);
      const newEmail = row.newEmail!;
      const spent = await changes().updateMany({ where: { id: row.id, status: 'pending', expiresAt: { $gt: now } }, data: { status: 'used', usedAt: now } });
      if (spent.count !== 1) throw new errors.ValidationError('This link was already used. Your email address is the one shown on your profile.');

      const user = await users().findOne({ where: { id: userId }, select: ['id', 'email', 'blocked'] });
      if (!user || user.blocked) throw new errors.ForbiddenError('This account cannot be changed.');
      // Someone may have taken the address since the link was sent: the person holds its inbox, so saying so reveals nothing.
      if (await takenByOther(newEmail, userId)) throw new errors.ValidationError('This address now belongs to another Haven account, so it cannot be used. Your email address has not changed.');
      const previous = user.email;
      // The log-in identifier follows: users-permissions finds accounts by this column (or the username, unchanged).
      await users().update({ where: { id: userId }, data: { email: newEmail } });
      await sendMail(strapi, accountMail.changed(previous, newEmail)).catch((err: Error) => strapi.log.error(`[account] the email changed notice could not be sent: ${err.message}`));
      return { email: newEmail };
    },
  };
}
