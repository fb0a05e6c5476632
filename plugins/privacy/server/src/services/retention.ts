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
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

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

  function tick() {
    running = expire()
      .then((run) => {
        const total = Object.values(run.deleted).flatMap((kinds) => Object.values(kinds)).reduce((a, b) => a + b, 0);
        if (total) strapi.log.info(`[privacy] deleted ${total} kept records of erased people older than ${run.before}`);
      })
      .catch((err: Error) => strapi.log.error(`[privacy] retention run failed (tried again tomorrow): ${err.message}`))
      .finally(() => {
        running = null;
      });
  }

  return {
    expire,
    start() {
      if (timer) return;
      timer = setTimeout(function again() {
        tick();
        timer = setTimeout(again, DAY_MS);
        timer.unref();
      }, FIRST_RUN_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
};
