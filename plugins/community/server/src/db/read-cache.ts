/**
 * What a community listing reads on every request, kept briefly in each process (issue 21: the
 * listing's cost). Kept for COMMUNITY_CACHE_MS (1000; 0 switches it off): the reader's member row,
 * whether they have posts held for review, a page of posts with its count and its authors' aliases,
 * and the reader's reactions on that page. The process that writes anything of the community's (a
 * post, a reply, a reaction, a flag, a moderator's decision, a member's standing or alias: every
 * write goes through the database layer) forgets all of it at once, so a writer and everyone served
 * by the same process see the change on the next request; other processes within COMMUNITY_CACHE_MS.
 * A member who may not read (suspended) is never kept: a refusal is asked again every time.
 */
import type { Core } from '@strapi/strapi';
import { expiringMemo, type ExpiringMemo } from '@haven/shared/server/expiring-memo';
import { UID } from './uids';

/** Most entries of each kind kept per process (past it that kind starts again). */
const MAX_KEPT = 5_000;

export interface CommunityReadCache {
  /** Whether reads are kept at all (COMMUNITY_CACHE_MS > 0). */
  on: boolean;
  readers: ExpiringMemo<unknown>;
  held: ExpiringMemo<unknown>;
  pages: ExpiringMemo<unknown>;
  reactions: ExpiringMemo<unknown>;
}

const caches = new WeakMap<object, CommunityReadCache>();

/** This Strapi's community read cache (tests boot several in one process, each with its own database). */
export function communityReadCache(strapi: Core.Strapi, ms: number): CommunityReadCache {
  let cache = caches.get(strapi);
  if (cache) return cache;
  cache = { on: ms > 0, readers: expiringMemo(ms, MAX_KEPT), held: expiringMemo(ms, MAX_KEPT), pages: expiringMemo(ms, MAX_KEPT), reactions: expiringMemo(ms, MAX_KEPT) };
  const kept = cache;
  const forget = () => {
    kept.readers.clear();
    kept.held.clear();
    kept.pages.clear();
    kept.reactions.clear();
  };
  if (kept.on) {
    strapi.db.lifecycles.subscribe({
      models: Object.values(UID),
      afterCreate: forget,
      afterCreateMany: forget,
      afterUpdate: forget,
      afterUpdateMany: forget,
      afterDelete: forget,
      afterDeleteMany: forget,
    });
  }
  caches.set(strapi, kept);
  return kept;
}

/** `load()` through `memo` when the cache is on, as is when it is off. */
export function keptOr<V>(cache: CommunityReadCache, memo: ExpiringMemo<unknown>, key: string, load: () => Promise<V>): Promise<V> {
  return cache.on ? (memo(key, load) as Promise<V>) : load();
}
