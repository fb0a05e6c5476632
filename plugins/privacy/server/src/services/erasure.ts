/**
 * Erasing a site account (issue 20, GDPR art. 17).
 *
 * A request is scheduled `erasureGraceDays` ahead (the person asked, password checked, or staff did),
 * every session of the account ends and its chat sockets close; logging in before the date cancels it
 * (`signedIn`, called by the sign-in wrapper). A worker in every CMS process takes due requests: it
 * claims a row with a conditional update carrying a lease (scheduled, due, nobody running it), so two
 * processes never run one request at once; it then runs every plugin's personal-data hook in
 * ERASURE_ORDER, and only when all of them succeeded deletes the users-permissions account row. A
 * hook that throws stops the run: the row records which plugin failed and waits RETRY_MS before the
 * next try (hooks are idempotent, so a retry runs them all again safely). The account row is deleted
 * last and alone, so a failure never leaves a half-deleted account behind.
 *
 * Once done, the row is the anonymous record: when, and what each plugin erased and kept (counts),
 * with the account id removed.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { audit } from '@haven/plugin-audit/public';
import { chat } from '@haven/plugin-chat/public';
import { people } from '@haven/plugin-people/public';
import type { ErasureCommunityChoice, ErasureStatus } from '@haven/shared/erasure';
import { badRequest, conflict, notFound, tooMany } from '@haven/shared/errors';
import { failureStore, type FailureStore } from '@haven/shared/server/failure-store';
import { ERASURE_ORDER, type ErasureOutcome, type PersonalDataPlugin } from '@haven/shared/server/personal-data';
import { sendMail, siteAccounts, type MailMessage, type StaffActor } from '@haven/shared/server/strapi';
import { accountExists, deleteAccount, erasureTables, type ErasureRequestRow } from '../db/erasure';
import { config, getService } from '../get-service';
import { personalDataHooks } from '../hooks';
import { cancelledMail, scheduledMail } from '../lib/erasure-mail';
import type { StaffCancelBody, StaffErasureBody } from '../lib/erasure-validation';
import { periodicWorker } from '@haven/shared/server/worker';

const DAY_MS = 86_400_000;
/** Long enough for every hook on a large account; a process that dies mid-run leaves the row to another after this. */
const LEASE_MS = 15 * 60_000;
/** After a failed run, wait this long before the next try. */
const RETRY_MS = 5 * 60_000;
const BATCH = 10;
/** Wrong passwords one account may send to the erasure form in PASSWORD_WINDOW_MS before it must wait that long. */
export const PASSWORD_FAILURES = 5;
const PASSWORD_WINDOW_MS = 15 * 60_000;

/** What one run of the worker did, per request (the test hook and the log read it). */
export interface ErasureRun {
  requestId: number;
  done: boolean;
  failedPlugin?: PersonalDataPlugin;
}

export type ErasureOutcomes = Partial<Record<PersonalDataPlugin, ErasureOutcome>> & { exports?: { erased: number }; account?: { erased: number } };

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const requests = () => erasureTables(strapi).requests;
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  /**
   * Wrong passwords per account: a stolen access token must not become a way to guess the password
   * (the form checks it). After PASSWORD_FAILURES wrong ones the account waits PASSWORD_WINDOW_MS,
   * right password or not. Shared by every CMS process through Redis when REDIS_URL is set, else per
   * process, like the log-in throttle (cms/src/middlewares/login-throttle.ts) on the same store; an
   * attempt under way counts, so parallel guesses cannot slip past the count. Made on first use, so
   * that it finds the connection the CMS opened at start.
   */
  let guesses: FailureStore | null = null;
  const passwordGuesses = () =>
    (guesses ??= failureStore('erasure-password', { freeFailures: PASSWORD_FAILURES, baseDelayMs: PASSWORD_WINDOW_MS, maxDelayMs: PASSWORD_WINDOW_MS, forgetAfterMs: PASSWORD_WINDOW_MS }, (message) => strapi.log.warn(message)));

  /** Nobody runs it: no owner, or an owner whose lease ran out (a process that died). */
  const idle = (now: Date) => ({ $or: [{ owner: { $null: true } }, { leaseUntil: { $lt: now } }] });
  /** May be run now: no lease, or one that ran out (a dead process's, or a failed run's wait before its retry). */
  const claimable = (now: Date) => ({ $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lt: now } }] });

  const scheduledOf = (userId: number) => requests().findOne({ where: { userId, state: 'scheduled' }, orderBy: [{ id: 'desc' }] });

  /** Mail is a courtesy on top of the change: a failed send is logged (without the address), never undoes it. */
  async function mailPerson(userId: number, message: (to: string) => MailMessage): Promise<void> {
    try {
      const to = (await people.emails([userId])).get(userId);
      if (to) await sendMail(strapi, message(to));
    } catch (err) {
      strapi.log.error(`[privacy] erasure mail for account ${userId} failed: ${err instanceof Error ? err.name : 'Error'}`);
    }
  }

  /** Ends every users-permissions session (refresh tokens) and closes the chat sockets, as a ban does. */
  async function signOutEverywhere(userId: number): Promise<void> {
    await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(userId));
    chat.disconnectUser(userId);
  }

  async function schedule(userId: number, community: ErasureCommunityChoice, requestedBy: 'self' | 'staff', dueAt: Date): Promise<ErasureRequestRow> {
    const row = await requests().create({ data: { userId, community, requestedBy, dueAt, state: 'scheduled', attempts: 0, noticePending: false } });
    await signOutEverywhere(userId);
    await mailPerson(userId, (to) => scheduledMail(to, dueAt, requestedBy === 'staff', config().siteUrl));
    return row;
  }

  /** Cancels the account's scheduled request unless a worker is running it; whether one was cancelled. */
  async function cancelFor(userId: number, by: 'login' | 'self' | 'staff', now = new Date()): Promise<ErasureRequestRow | null> {
    const row = await scheduledOf(userId);
    if (!row) return null;
    const { count } = await requests().updateMany({
      where: { id: row.id, state: 'scheduled', ...idle(now) },
      data: { state: 'cancelled', cancelledAt: now, cancelledBy: by, noticePending: by === 'login', owner: null, leaseUntil: null },
    });
    return count === 1 ? row : null;
  }

  /** Takes the request for this process; false when another took it first (or it was cancelled meanwhile). */
  async function claim(row: ErasureRequestRow, now: Date): Promise<boolean> {
    const { count } = await requests().updateMany({
      where: { id: row.id, state: 'scheduled', dueAt: { $lte: now }, ...claimable(now) },
      data: { owner, leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: Number(row.attempts ?? 0) + 1 },
    });
    return count === 1;
  }

  async function runOne(row: ErasureRequestRow, now: Date): Promise<ErasureRun | null> {
    if (!(await claim(row, now))) return null;
    const userId = row.userId;
    const outcomes: ErasureOutcomes = {};
    if (userId !== null) {
      for (const plugin of ERASURE_ORDER) {
        try {
          outcomes[plugin] = await personalDataHooks[plugin].erase({ userId, community: row.community, now });
        } catch (err) {
          // Which plugin and the error's kind only: a message may quote the person's data.
          const kind = err instanceof Error ? ((err as Error & { code?: string }).code ?? err.name) : 'Error';
          strapi.log.error(`[privacy] erasure request ${row.id}: the ${plugin} hook failed (${kind}); retrying in ${RETRY_MS / 60_000} minutes`);
          if (err instanceof Error && err.stack) strapi.log.debug(err.stack);
          await requests().updateMany({
            where: { id: row.id, owner },
            data: { failedPlugin: plugin, lastError: String(kind).slice(0, 200), owner: null, leaseUntil: new Date(now.getTime() + RETRY_MS) },
          });
          return { requestId: row.id, done: false, failedPlugin: plugin };
        }
      }
      // This plugin's own data last among the hooks: an export waiting to be downloaded is the person's data too.
      outcomes.exports = { erased: await getService('exports').forget(userId) };
      // Last and alone: the account row goes only once every plugin has let go of the person.
      await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(userId));
      outcomes.account = { erased: await deleteAccount(strapi, userId) };
    }
    await requests().updateMany({
      where: { id: row.id, owner },
      data: { state: 'done', userId: null, completedAt: now, outcome: { ...outcomes }, failedPlugin: null, lastError: null, owner: null, leaseUntil: null, noticePending: false },
    });
    strapi.log.info(`[privacy] erasure request ${row.id} done`);
    return { requestId: row.id, done: true };
  }

  async function runDueAt(now: Date): Promise<ErasureRun[]> {
    const due = await requests().findMany({ where: { state: 'scheduled', dueAt: { $lte: now }, ...claimable(now) }, orderBy: [{ dueAt: 'asc' }], limit: BATCH });
    const runs: ErasureRun[] = [];
    for (const row of due) {
      const run = await runOne(row, now);
      if (run) runs.push(run);
    }
    return runs;
  }

  const worker = periodicWorker({
    id: 'privacy.erasures',
    name: '[privacy] erasure worker',
    pass: () => runDueAt(new Date()),
    intervalMs: () => config().erasureWorkerIntervalMs,
    firstDelayMs: () => 5000,
    logError: (message) => strapi.log.error(message),
  });

  return {
    /** The person asks (password again; PASSWORD_FAILURES wrong ones per account, then 429 for 15 minutes): scheduled a grace period ahead, signed out everywhere, mailed. Nothing is written on a wrong password. */
    async request(userId: number, password: string, community: ErasureCommunityChoice, now = new Date()): Promise<ErasureStatus> {
      const guessKey = `account:${userId}`;
      const wait = await passwordGuesses().begin(guessKey);
      if (wait > 0) throw tooMany('Too many wrong passwords for this account. For your safety, wait 15 minutes and try again.', new Date(Date.now() + wait));
      let valid = false;
      try {
        const checked = await siteAccounts(strapi).checkPassword(userId, password);
        if (checked === 'no-account') throw notFound('There is no such account.');
        valid = checked === 'match';
      } catch (err) {
        await passwordGuesses().release(guessKey);
        throw err;
      }
      if (!valid) {
        await passwordGuesses().fail(guessKey);
        throw badRequest('That password is not right', { errors: [{ path: ['password'], message: 'is not right', name: 'ValidationError' }] });
      }
      await passwordGuesses().succeed(guessKey);
      const existing = await scheduledOf(userId);
      if (existing) throw conflict(`Your account is already due to be deleted on ${iso(existing.dueAt)}.`);
      await schedule(userId, community, 'self', new Date(now.getTime() + config().erasureGraceDays * DAY_MS));
      return this.status(userId);
    },

    /** The person's latest request (scheduled or cancelled), for the site. */
    async status(userId: number): Promise<ErasureStatus> {
      const row = await requests().findOne({ where: { userId, state: { $in: ['scheduled', 'cancelled'] } }, orderBy: [{ id: 'desc' }] });
      if (!row) return { state: 'none', dueAt: null, community: null, cancelledAt: null, cancelledBy: null, cancelledNotice: false };
      return {
        state: row.state === 'scheduled' ? 'scheduled' : 'cancelled',
        dueAt: row.state === 'scheduled' ? iso(row.dueAt) : null,
        community: row.community,
        cancelledAt: iso(row.cancelledAt),
        cancelledBy: row.cancelledBy,
        cancelledNotice: Boolean(row.noticePending),
      };
    },

    /** The person cancels while signed in (a session opened before the request, or a new log-in already did). */
    async cancel(userId: number): Promise<ErasureStatus> {
      if (!(await cancelFor(userId, 'self'))) throw notFound('Your account is not scheduled to be deleted.');
      return this.status(userId);
    },

    /** The site showed "Your account deletion was cancelled": do not show it again. */
    async acknowledge(userId: number): Promise<void> {
      await requests().updateMany({ where: { userId, noticePending: true }, data: { noticePending: false } });
    },

    /** Every completed sign-in (the users-permissions wrapper): a scheduled erasure is cancelled. */
    async signedIn(userId: number, now = new Date()): Promise<{ erasureCancelled: boolean }> {
      return { erasureCancelled: (await cancelFor(userId, 'login', now)) !== null };
    },

    /** Staff schedule an erasure (grace, or now for a request staff verified), recorded in the audit log. */
    async staffSchedule(userId: number, input: StaffErasureBody, actor: StaffActor, now = new Date()): Promise<{ dueAt: string }> {
      if (!(await accountExists(strapi, userId))) throw notFound('There is no such account.');
      const dueAt = input.when === 'now' ? now : new Date(now.getTime() + config().erasureGraceDays * DAY_MS);
      const existing = await scheduledOf(userId);
      if (existing && input.when === 'grace') throw conflict(`This account is already due to be erased on ${iso(existing.dueAt)}.`);
      if (existing) {
        await requests().updateMany({ where: { id: existing.id, state: 'scheduled', ...idle(now) }, data: { dueAt, requestedBy: 'staff', community: input.community } });
        await signOutEverywhere(userId);
      } else {
        await schedule(userId, input.community, 'staff', dueAt);
      }
      await audit.record({
        actor: { kind: 'admin', id: actor.adminId, label: actor.label },
        action: input.when === 'now' ? 'privacy.erasure.now' : 'privacy.erasure.schedule',
        target: { type: 'users-permissions.user', id: String(userId) },
        reason: input.reason,
        ip: actor.ip,
        details: { dueAt: dueAt.toISOString(), community: input.community },
      });
      if (input.when === 'now') {
        // The run itself is the worker's (claimed like any other); started now rather than at its next pass.
        void this.runOnce().catch((err: Error) => strapi.log.error(`[privacy] erasure worker: ${err.message}`));
      }
      return { dueAt: dueAt.toISOString() };
    },

    /** Staff cancel a scheduled erasure, recorded in the audit log; the person is told by mail. */
    async staffCancel(userId: number, input: StaffCancelBody, actor: StaffActor): Promise<void> {
      if (!(await cancelFor(userId, 'staff'))) throw notFound('This account is not scheduled to be erased (or it is being erased now).');
      await audit.record({
        actor: { kind: 'admin', id: actor.adminId, label: actor.label },
        action: 'privacy.erasure.cancel',
        target: { type: 'users-permissions.user', id: String(userId) },
        reason: input.reason,
        ip: actor.ip,
      });
      await mailPerson(userId, cancelledMail);
    },

    /** Staff's view of one account's request (the Accounts page). */
    async staffStatus(userId: number): Promise<ErasureStatus> {
      return this.status(userId);
    },

    /**
     * One pass over due requests at `now` (tests pass an instant past the grace period; the worker the
     * clock). Resolves with what this process ran.
     */
    runDue(now: Date): Promise<ErasureRun[]> {
      return runDueAt(now);
    },

    /** One pass at the clock's time; a pass already under way in this process is joined, not doubled. */
    runOnce: (): Promise<ErasureRun[]> => worker.once(),
    start: () => worker.start(),
    stop: () => worker.stop(),
  };
};
