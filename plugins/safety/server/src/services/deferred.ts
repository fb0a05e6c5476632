/**
 * Therapist notices held through quiet hours, then mailed once their hours end.
 *
 * `hold` stores the notice (address, subject, text, when it is due). A worker in every CMS process
 * looks every SAFETY_WORKER_INTERVAL_MS (a minute) for notices that are due. Before mailing, a process
 * claims the row with a conditional update (still waiting, no live lease): on one database only one
 * update can match, so two CMS processes never send the same mail. The claim carries a lease; if the
 * process dies before marking the notice sent, another takes it over when the lease has run out (so a
 * crash between "mailed" and "marked" can mail twice, never zero times: for a safety notice, a second
 * mail is the lesser harm).
 *
 * Once mailed, the row keeps only its dates and attempts: address, subject and text are erased. The
 * row stays (rather than being deleted) so that operators can see in the table that deferred notices
 * do go out and how late (dueAt against sentAt, attempts), without it holding anything about who was
 * told or why; such rows are deleted RETAIN_DAYS after they fell due. A notice that fails MAX_ATTEMPTS times is given up the same way (erased,
 * state "failed") and logged without its address: the in-app marks (urgent chat, the client's crisis
 * lines) never depended on the mail.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { sendMail } from '@haven/shared/server/strapi';
import { periodicWorker } from '@haven/shared/server/worker';
import type { DeferredNoticeRow } from '../db/rows';
import { tables } from '../db/tables';
import { config } from '../get-service';
import type { TherapistNotice } from './escalation';

const BATCH = 50;
/** After a failed send, wait this long before the next try (the lease is moved to then). */
const RETRY_MS = 60_000;
const MAX_ATTEMPTS = 10;
const RETAIN_DAYS = 30;
/** A notice says "someone may need a follow-up" and where to look; anything longer is a caller's mistake (perhaps the person's own words). */
const SUBJECT_MAX = 200;
const TEXT_MAX = 2000;

const ERASED = { email: null, subject: null, text: null, owner: null, leaseUntil: null } as const;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const notices = () => tables(strapi).deferredNotices;
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

  /** Waiting, and nobody holds it (no lease, or an expired one). */
  const claimable = (now: number) => ({ state: 'waiting', $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lt: new Date(now) } }] });

  /** Takes the notice for this process; false when another process took it first. */
  async function claim(row: DeferredNoticeRow, now: number): Promise<boolean> {
    const { count } = await notices().updateMany({
      where: { id: row.id, ...claimable(now) },
      data: { owner, leaseUntil: new Date(now + config().workerLeaseMs), attempts: Number(row.attempts ?? 0) + 1 },
    });
    return count === 1;
  }

  async function sendOne(row: DeferredNoticeRow, now: number): Promise<boolean> {
    if (!(await claim(row, now))) return false;
    const attempts = Number(row.attempts ?? 0) + 1;
    try {
      if (!row.email || !row.subject || !row.text) throw new Error('the notice has no address or text');
      await sendMail(strapi, { to: row.email, subject: row.subject, text: row.text });
    } catch (err) {
      // The address and the notice stay out of the log: only which row, how often, and the error's kind.
      const kind = err instanceof Error ? ((err as Error & { code?: string }).code ?? err.name) : 'Error';
      const giveUp = attempts >= MAX_ATTEMPTS;
      strapi.log.error(`[safety] deferred notice ${row.id}: sending failed (attempt ${attempts}, ${kind})${giveUp ? '; given up' : ''}`);
      await notices().updateMany({
        where: { id: row.id, owner },
        data: giveUp ? { ...ERASED, state: 'failed' } : { leaseUntil: new Date(Date.now() + RETRY_MS) },
      });
      return false;
    }
    await notices().updateMany({ where: { id: row.id, owner }, data: { ...ERASED, state: 'sent', sentAt: new Date() } });
    return true;
  }

  async function sendDue(now: number): Promise<number> {
    const due = await notices().findMany({ where: { ...claimable(now), dueAt: { $lte: new Date(now) } }, orderBy: [{ dueAt: 'asc' }], limit: BATCH });
    let sent = 0;
    for (const row of due) if (await sendOne(row, now)) sent++;
    await notices().deleteMany({ where: { state: { $in: ['sent', 'failed'] }, dueAt: { $lt: new Date(now - RETAIN_DAYS * 86_400_000) } } });
    return sent;
  }

  // The first pass soon after start: notices that fell due while no process ran go out first.
  const worker = periodicWorker({
    id: 'safety.deferred-notices',
    name: '[safety] deferred notices',
    pass: () => sendDue(Date.now()),
    intervalMs: () => config().workerIntervalMs,
    firstDelayMs: () => 1000,
    logError: (message) => strapi.log.error(message),
  });

  return {
    /** Keeps a notice until `until` (the end of the therapist's quiet hours); the worker mails it then. */
    async hold(email: string, notice: TherapistNotice, until: Date): Promise<void> {
      if (notice.subject.length > SUBJECT_MAX || notice.text.length > TEXT_MAX) {
        throw new Error(`[safety] a therapist notice is at most ${SUBJECT_MAX} characters of subject and ${TEXT_MAX} of text (never the person's words)`);
      }
      await notices().create({ data: { email, subject: notice.subject, text: notice.text, dueAt: until, state: 'waiting', attempts: 0 } });
    },

    /** One pass over due notices; resolves with how many this process mailed. */
    runOnce: (now = Date.now()): Promise<number> => worker.once(() => sendDue(now)),
    start: () => worker.start(),
    stop: () => worker.stop(),
  };
};
