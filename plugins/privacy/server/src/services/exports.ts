/**
 * Exports (issue 20, GDPR art. 15 and 20): a copy of everything Haven holds about an account, asked by
 * the person (content API) or by a super admin (admin API, with a reason kept in the audit log).
 *
 * A request only queues a job. A worker in every CMS process claims queued jobs with a conditional
 * update carrying a lease (on one database only one update can match, so two processes never build
 * the same archive; a process that dies mid-way leaves a lease that runs out, and another takes the
 * job over), calls every plugin's `personalData.export` in ERASURE_ORDER and records "step n of N,
 * reading <plugin>" so the site can show progress. The archive (lib/export-archive.ts) holds decrypted
 * reflections and messages, so it is sealed at rest with a data key of its own (envelope encryption,
 * PRIVACY_MASTER_KEYS) and kept at most PRIVACY_EXPORT_KEEP_HOURS.
 *
 * Downloading takes a one-time token (random, stored only as its sha256, PRIVACY_EXPORT_LINK_MINUTES):
 * the download consumes it with a conditional update that also deletes the sealed archive, so the
 * archive leaves the server once. Tokens travel in POST bodies only, never in an address that a log keeps.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { audit } from '@haven/plugin-audit/public';
import { people } from '@haven/plugin-people/public';
import type { ExportLink, ExportStatus } from '@haven/shared/data-export';
import { epochMs, isUniqueViolation } from '@haven/shared/server/db';
import { keyringFromEnv, lazyEnvelope } from '@haven/shared/server/envelope';
import { ERASURE_ORDER } from '@haven/shared/server/personal-data';
import type { StaffActor } from '@haven/shared/server/strapi';
import { conflict, forbidden, gone, notFound, tooMany, unavailable } from '@haven/shared/errors';
import type { ExportsConfig } from '../config';
import { activeKeyOf, exportJobs, type ExportJobRow } from '../db/export-jobs';
import { config } from '../get-service';
import { personalDataHooks } from '../hooks';
import { buildArchive, EXPORT_FORMAT, type ExportDocument } from '../lib/export-archive';
import { periodicWorker } from '@haven/shared/server/worker';

/** Bound into every wrap and seal: an archive never opens as another feature's data. */
export const EXPORT_ENVELOPE_CONTEXT = 'haven.privacy.export';
const RECORD = 'archive';
const ownerOf = (userId: number) => `account:${userId}`;
/** A job that failed this many times is given up (the person may ask again). */
const MAX_ATTEMPTS = 3;
const RETRY_MS = 30_000;
/** Finished jobs' rows (no archive, no token: only dates and states) are kept this long for the daily limit and the staff's view, then deleted. */
const RETAIN_DAYS = 30;
const DAY_MS = 86_400_000;

export type { ExportLink, ExportStatus };

/** Who asks: the person themselves, or a staff member (with a reason for the audit log). */
export type ExportRequester = { kind: 'self'; userId: number } | { kind: 'staff'; staff: StaffActor; reason: string };

export interface ExportArchive {
  fileName: string;
  bytes: Buffer;
}

const iso = (value: unknown): string | null => (value === null || value === undefined ? null : new Date(epochMs(value)).toISOString());

export const statusOf = (row: ExportJobRow): ExportStatus => ({
  id: row.documentId,
  state: row.state,
  step: Number(row.step ?? 0),
  steps: Number(row.steps ?? 0),
  plugin: row.state === 'running' ? (row.currentPlugin ?? null) : null,
  requestedAt: iso(row.requestedAt) ?? new Date(0).toISOString(),
  readyAt: iso(row.readyAt),
  expiresAt: row.state === 'ready' ? iso(row.expiresAt) : null,
  downloadedAt: iso(row.downloadedAt),
  size: row.size === null || row.size === undefined ? null : Number(row.size),
});

const hashToken = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

const keyringOf = (exportsConfig: ExportsConfig) =>
  keyringFromEnv('PRIVACY', {
    PRIVACY_MASTER_KEYS: exportsConfig.masterKeys.list,
    PRIVACY_MASTER_KEY: exportsConfig.masterKeys.single,
  });

/** Sealed archive and token erased: what a finished job keeps. */
const EMPTIED = {
  sealed: null,
  wrappedKey: null,
  keyVersion: null,
  tokenHash: null,
  tokenExpiresAt: null,
  owner: null,
  leaseUntil: null,
} as const;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const jobs = () => exportJobs(strapi);
  const settings = () => config().exports;
  const sealing = lazyEnvelope(
    () => keyringOf(settings()),
    EXPORT_ENVELOPE_CONTEXT,
    () => unavailable('Exports are not available just now: archive encryption is not configured on this server (PRIVACY_MASTER_KEYS).'),
  );
  const worker = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

  /** The job as its requester may see it; anyone else's (or a staff job for the person) is "not found". */
  async function jobOf(id: string, requester: { kind: 'self'; userId: number } | { kind: 'staff'; adminId: number }): Promise<ExportJobRow> {
    const row = await jobs().findOne({ where: { documentId: id } });
    const mine =
      row && (requester.kind === 'self' ? row.requestedBy === 'self' && Number(row.userId) === requester.userId : row.requestedBy === 'staff' && Number(row.staffAdminId) === requester.adminId);
    if (!row || !mine) throw notFound('No such export');
    return row;
  }

  async function recordAction(requester: ExportRequester, userId: number, action: 'request' | 'download', jobId: string): Promise<void> {
    if (requester.kind === 'staff') {
      await audit.record({
        actor: {
          kind: 'admin',
          id: requester.staff.adminId,
          label: requester.staff.label,
        },
        action: `privacy.export.${action}`,
        target: { type: 'accounts.account', id: String(userId) },
        reason: requester.reason,
        ip: requester.staff.ip,
        details: { exportId: jobId },
      });
      return;
    }
    // The person's own export is logged too (as payments logs a therapist's marks): a copy of someone's data leaving is always traceable.
    const person = await people.one(userId);
    await audit.record({
      actor: { kind: 'site', id: userId, label: person.displayName },
      action: `privacy.export.${action}`,
      target: { type: 'accounts.account', id: String(userId) },
      reason: action === 'request' ? 'Asked for a copy of their own data' : 'Downloaded their own data',
      details: { exportId: jobId },
    });
  }

  // ---- the worker -------------------------------------------------------------------------------

  /** Queued, or running under a lease that has run out (its process died). */
  const claimable = (now: number) => ({
    $or: [
      {
        state: 'queued',
        $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lt: new Date(now) } }],
      },
      { state: 'running', leaseUntil: { $lt: new Date(now) } },
    ],
  });

  async function claim(row: ExportJobRow, now: number): Promise<boolean> {
    const { count } = await jobs().updateMany({
      where: { id: row.id, ...claimable(now) },
      data: {
        state: 'running',
        owner: worker,
        leaseUntil: new Date(now + settings().leaseMs),
        attempts: Number(row.attempts ?? 0) + 1,
        step: 0,
        steps: ERASURE_ORDER.length,
        currentPlugin: ERASURE_ORDER[0],
      },
    });
    return count === 1;
  }

  /** Moves the job on while this process still holds it (and renews the lease); false when it lost it. */
  async function progress(row: ExportJobRow, data: Partial<ExportJobRow>): Promise<boolean> {
    const { count } = await jobs().updateMany({
      where: { id: row.id, owner: worker, state: 'running' },
      data: { ...data, leaseUntil: new Date(Date.now() + settings().leaseMs) },
    });
    return count === 1;
  }

  async function build(row: ExportJobRow, now: number): Promise<void> {
    const userId = Number(row.userId);
    const plugins: ExportDocument['plugins'] = {};
    for (const [index, name] of ERASURE_ORDER.entries()) {
      if (!(await progress(row, { step: index, currentPlugin: name }))) return;
      plugins[name] = await personalDataHooks[name].export(userId);
    }
    const person = await people.one(userId);
    const doc: ExportDocument = {
      format: EXPORT_FORMAT,
      generatedAt: new Date().toISOString(),
      account: { userId, displayName: person.displayName },
      plugins,
    };
    const zip = Buffer.from(buildArchive(doc));
    const fresh = sealing.get().newDataKey(ownerOf(userId));
    const readyAt = new Date();
    await progress(row, {
      state: 'ready',
      activeKey: null,
      step: ERASURE_ORDER.length,
      currentPlugin: null,
      keyVersion: fresh.wrapped.version,
      wrappedKey: fresh.wrapped.wrapped,
      sealed: fresh.sealer.encrypt(zip.toString('base64'), RECORD),
      size: zip.length,
      readyAt,
      expiresAt: new Date(Math.max(now, readyAt.getTime()) + settings().keepHours * 3_600_000),
      owner: null,
    });
  }

  async function runJob(row: ExportJobRow, now: number): Promise<boolean> {
    if (!(await claim(row, now))) return false;
    try {
      await build(row, now);
      return true;
    } catch (err) {
      // What the person wrote stays out of the log: which job, which attempt, and the error's kind and message.
      const attempts = Number(row.attempts ?? 0) + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      const message = err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
      strapi.log.error(`[privacy] export ${row.id}: failed (attempt ${attempts}${giveUp ? ', given up' : ''}): ${message.slice(0, 300)}`);
      await jobs().updateMany({
        where: { id: row.id, owner: worker },
        data: giveUp
          ? {
              ...EMPTIED,
              state: 'failed',
              currentPlugin: null,
              activeKey: null,
            }
          : {
              state: 'queued',
              owner: null,
              leaseUntil: new Date(Date.now() + RETRY_MS),
            },
      });
      return false;
    }
  }

  async function pass(now: number): Promise<number> {
    // Archives nobody fetched in time are deleted (the row stays, "expired", for the person's page).
    await jobs().updateMany({
      where: { state: 'ready', expiresAt: { $lt: new Date(now) } },
      data: { ...EMPTIED, state: 'expired' },
    });
    await jobs().deleteMany({
      where: {
        state: { $in: ['downloaded', 'failed', 'expired'] },
        requestedAt: { $lt: new Date(now - RETAIN_DAYS * DAY_MS) },
      },
    });
    const due = await jobs().findMany({
      where: claimable(now),
      orderBy: [{ requestedAt: 'asc' }],
      limit: 5,
    });
    let built = 0;
    for (const row of due) if (await runJob(row, now)) built++;
    return built;
  }

  const background = periodicWorker({
    id: 'privacy.exports',
    name: '[privacy] export worker',
    pass: () => pass(Date.now()),
    intervalMs: () => settings().intervalMs,
    firstDelayMs: () => 1000,
    logError: (message) => strapi.log.error(message),
  });

  return {
    configured: sealing.configured,

    /** Queues an export of `userId`'s data; 409 while one of the same requester runs, 429 past the daily limit. */
    async request(userId: number, requester: ExportRequester): Promise<ExportStatus> {
      sealing.get(); // 503 now, rather than a job that can never finish
      if (requester.kind === 'staff' && !(await people.account(userId))) throw notFound('No such account');
      const mine = requester.kind === 'self' ? { requestedBy: 'self' } : { requestedBy: 'staff', staffAdminId: requester.staff.adminId };
      const running = await jobs().count({
        where: { userId, ...mine, state: { $in: ['queued', 'running'] } },
      });
      if (running > 0) throw conflict('An export of this account is already being prepared: wait for it to finish.');
      if (requester.kind === 'self') {
        const since = new Date(Date.now() - DAY_MS);
        const recent = await jobs().findMany({
          where: { userId, requestedBy: 'self', requestedAt: { $gt: since } },
          select: ['requestedAt'],
          orderBy: [{ requestedAt: 'asc' }],
        });
        if (recent.length >= settings().perDay) {
          throw tooMany(`You can ask for ${settings().perDay} exports a day: try again later.`, new Date(epochMs(recent[0].requestedAt) + DAY_MS));
        }
      }
      const data: Partial<ExportJobRow> = {
        userId,
        requestedBy: requester.kind,
        staffAdminId: requester.kind === 'staff' ? requester.staff.adminId : null,
        state: 'queued',
        step: 0,
        steps: ERASURE_ORDER.length,
        attempts: 0,
        requestedAt: new Date(),
        activeKey: activeKeyOf(userId, requester.kind === 'staff' ? requester.staff.adminId : null),
      };
      let row: ExportJobRow;
      try {
        row = await jobs().create({ data });
      } catch (err) {
        // Two requests at once meet at the unique index on the active key: the later one is refused.
        if (isUniqueViolation(err)) throw conflict('An export of this account is already being prepared: wait for it to finish.');
        throw err;
      }
      await recordAction(requester, userId, 'request', row.documentId);
      return statusOf(row);
    },

    /** The person's newest export (kept while its row is), or null. */
    async latest(userId: number): Promise<ExportStatus | null> {
      const [row] = await jobs().findMany({
        where: { userId, requestedBy: 'self' },
        orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
        limit: 1,
      });
      return row ? statusOf(row) : null;
    },

    /** One job, as its requester sees it (404 for anyone else's). */
    async status(id: string, requester: { kind: 'self'; userId: number } | { kind: 'staff'; adminId: number }): Promise<ExportStatus> {
      return statusOf(await jobOf(id, requester));
    },

    /** A fresh one-time download token for a ready archive (a new one replaces the last). */
    async link(id: string, requester: { kind: 'self'; userId: number } | { kind: 'staff'; adminId: number }): Promise<ExportLink> {
      const row = await jobOf(id, requester);
      if (row.state === 'downloaded' || row.state === 'expired') throw gone('This archive has already been downloaded or has expired: ask for a new export.');
      if (row.state !== 'ready') throw conflict('The archive is not ready yet.');
      const token = crypto.randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + settings().linkMinutes * 60_000);
      const { count } = await jobs().updateMany({
        where: { id: row.id, state: 'ready' },
        data: { tokenHash: hashToken(token), tokenExpiresAt: expiresAt },
      });
      if (count !== 1) throw gone('This archive has already been downloaded or has expired: ask for a new export.');
      return { token, expiresAt: expiresAt.toISOString() };
    },

    /**
     * The archive, once: the token is checked and consumed, and the sealed archive deleted, in one
     * conditional update (two downloads at once: one gets the file, the other 410).
     */
    async download(id: string, token: string, requester: ExportRequester): Promise<ExportArchive> {
      const row = await jobOf(id, requester.kind === 'self' ? requester : { kind: 'staff', adminId: requester.staff.adminId });
      if (row.state === 'downloaded' || row.state === 'expired') throw gone('This archive has already been downloaded or has expired: ask for a new export.');
      if (row.state !== 'ready' || !row.sealed || !row.wrappedKey || row.keyVersion === null) throw conflict('The archive is not ready yet.');
      const presented = Buffer.from(hashToken(token), 'hex');
      const stored = Buffer.from(row.tokenHash ?? '', 'hex');
      const valid = stored.length === presented.length && crypto.timingSafeEqual(stored, presented) && row.tokenExpiresAt !== null && epochMs(row.tokenExpiresAt) > Date.now();
      if (!valid) throw forbidden('This download link is not valid or has expired: ask for a new one.');
      const { count } = await jobs().updateMany({
        where: { id: row.id, state: 'ready', tokenHash: row.tokenHash },
        data: { ...EMPTIED, state: 'downloaded', downloadedAt: new Date() },
      });
      if (count !== 1) throw gone('This archive has already been downloaded: ask for a new export.');
      const sealer = sealing.get().sealerFor(ownerOf(Number(row.userId)), {
        version: Number(row.keyVersion),
        wrapped: row.wrappedKey,
      });
      const bytes = Buffer.from(sealer.decrypt(row.sealed, RECORD), 'base64');
      await recordAction(requester, Number(row.userId), 'download', row.documentId);
      const day = iso(row.readyAt)?.slice(0, 10) ?? 'export';
      return { fileName: `haven-export-${day}.zip`, bytes };
    },

    /**
     * Deletes every export of an account, sealed archives included (the erasure calls it: an erased
     * person's data must not wait in an archive). Idempotent; returns how many jobs were deleted.
     */
    async forget(userId: number): Promise<number> {
      const { count } = await jobs().deleteMany({ where: { userId } });
      return count;
    },

    /** One pass of the worker; resolves with how many archives this process built. */
    runOnce: (now = Date.now()): Promise<number> => background.once(() => pass(now)),
    start() {
      if (settings().workerEnabled) background.start();
    },
    stop: () => background.stop(),
  };
};
