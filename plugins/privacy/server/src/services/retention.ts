/**
 * "Kept only as long as accounting law requires" (issue 20): erasure keeps an erased person's sessions
 * and payments stripped of everything that names them; once ACCOUNTING_RETENTION_YEARS have passed
 * those records go too. Each plugin that keeps something deletes its own (`expireKept` on its
 * personal-data hook); this asks them once soon after start and then once a day. Two processes
 * asking at once is harmless: each delete finds what the other left.
 */
import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { ERASURE_ORDER } from '@haven/shared/server/personal-data';
import { periodicWorker } from '@haven/shared/server/worker';
import { config } from '../get-service';
import { personalDataHooks } from '../hooks';

const FIRST_RUN_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionRun {
  /** Records of erased people older than this were deleted. */
  before: string;
  /** Per plugin, rows deleted per kind. */
  deleted: Record<string, Record<string, number>>;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Deletes every kept record whose retention ended by `now`. */
  async function expire(now: Date = new Date()): Promise<RetentionRun> {
    const before = DateTime.fromJSDate(now, { zone: 'utc' }).minus({ years: config().accountingRetentionYears }).toJSDate();
    const deleted: RetentionRun['deleted'] = {};
    for (const plugin of ERASURE_ORDER) {
      const expireKept = personalDataHooks[plugin].expireKept;
      if (expireKept) deleted[plugin] = await expireKept(before);
    }
    return { before: before.toISOString(), deleted };
  }

  /** One pass at the clock's time; logs what it deleted. */
  async function pass(): Promise<RetentionRun> {
    const run = await expire();
    const total = Object.values(run.deleted).flatMap((kinds) => Object.values(kinds)).reduce((a, b) => a + b, 0);
    if (total) strapi.log.info(`[privacy] deleted ${total} kept records of erased people older than ${run.before}`);
    return run;
  }

  const worker = periodicWorker({ id: 'privacy.retention', name: '[privacy] retention (tried again tomorrow)', pass, intervalMs: () => DAY_MS, firstDelayMs: () => FIRST_RUN_MS, logError: (message) => strapi.log.error(message) });

  return {
    expire,
    start: () => worker.start(),
    stop: () => worker.stop(),
  };
};
