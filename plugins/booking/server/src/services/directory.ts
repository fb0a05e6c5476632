/**
 * Next free slot of each therapist for the public directory. Computing it needs a slot search, so
 * it is kept on the therapist's availability row and recomputed when it may have changed (their
 * bookings, rules or calendars: invalidate()), when it is older than STALE_MS, or when time has
 * passed it. The directory reads many at once with one query and recomputes only what it shows.
 */
import type { Core } from '@strapi/strapi';
import { periodicWorker } from '@haven/shared/server/worker';
import { people } from '@haven/plugin-people/public';
import { forgetNextFree, readNextFree, saveNextFree, staleNextFree } from '../db/next-free';
import { getService } from '../get-service';

const STALE_MS = 10 * 60_000;

export default ({ strapi }: { strapi: Core.Strapi }) => {

  async function compute(therapistUserId: number, now: number): Promise<number | null> {
    const therapist = await people.therapistByUserId(therapistUserId);
    if (!therapist?.inGoodStanding) return null;
    const rules = await getService('availability').rulesFor(therapistUserId);
    const next = await getService('slots').nextFree(therapist, rules, now);
    await saveNextFree(strapi, therapistUserId, next, now);
    return next;
  }

  const service = {
    /**
     * Cached next free starts (epoch ms or null) of some therapists. `fresh` recomputes every stale
     * one (a page of the directory); otherwise at most a few that were never computed are, and the
     * background refresher catches up with the rest.
     */
    async nextFree(therapistUserIds: number[], options: { fresh?: boolean; now?: number } = {}): Promise<Map<number, number | null>> {
      const now = options.now ?? Date.now();
      const result = new Map<number, number | null>();
      if (!therapistUserIds.length) return result;
      const stale: number[] = [];
      const neverComputed: number[] = [];
      for (const { therapistUserId: id, nextFreeAt: next, computedAt: computed } of await readNextFree(strapi, therapistUserIds)) {
        result.set(id, next);
        if (computed === null || now - computed > STALE_MS || (next !== null && next <= now)) stale.push(id);
        if (computed === null && next === null) neverComputed.push(id);
      }
      const recompute = options.fresh ? stale : neverComputed.slice(0, 25);
      for (const id of recompute) result.set(id, await compute(id, now));
      return result;
    },

    /** Forgets a therapist's cached next slot (after any change to their time). Never throws. */
    invalidate(therapistUserId: number) {
      forgetNextFree(strapi, therapistUserId).catch((err: Error) => strapi.log.warn(`[booking] could not invalidate next free slot: ${err.message}`));
    },

    /**
     * Recomputes stale entries in the background, up to 200 a minute (a directory of 1,000 refreshes
     * within its 10-minute staleness). The entries live in the database, shared by every process: on
     * PostgreSQL one process recomputes each minute's batch rather than each recomputing the same.
     */
    startRefresher() {
      refresher.start();
    },

    stopRefresher: (): Promise<void> => refresher.stop(),
  };
  const refresher = periodicWorker({
    id: 'booking.directory-refresh',
    name: '[booking] next-slot refresh failed',
    pass: async () => {
      for (const therapistUserId of await staleNextFree(strapi, Date.now() - STALE_MS, 200)) await compute(therapistUserId, Date.now());
    },
    intervalMs: () => 60_000,
    firstDelayMs: () => 2000,
    logError: (message) => strapi.log.warn(message),
  });
  return service;
};
