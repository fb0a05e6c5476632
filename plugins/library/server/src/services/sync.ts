import type { Core } from '@strapi/strapi';
import { periodicWorker } from '@haven/shared/server/worker';
import type { LibraryConfig } from '../config';
import { publishedResources } from '../db/resources';
import type { SyncTaskRow } from '../db/rows';
import { tables } from '../db/tables';
import type { SearchEngine } from '../search/types';

export type { SyncTaskRow } from '../db/rows';

/**
 * Keeps the search index in step with published resources through a durable outbox: every write
 * of a resource leaves a task row; a worker (outside the write's transaction) reads the resource's
 * published state and upserts or removes its entry. A write asks for a pass at once; the poll
 * catches retries and tasks of other processes. On PostgreSQL the job engine runs each pass in one
 * process only, so two processes never send the same task to the search engine. A failure keeps the
 * task with a growing delay, so the editor's save never fails and the index catches up when the
 * engine is back.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let engine: SearchEngine | null = null;
  let config: LibraryConfig['sync'];
  let stopping = false;
  // A pass of this process under way (flush() waits for it to end).
  let running = false;
  const tasks = () => tables(strapi).syncTasks;
  const published = publishedResources(strapi);

  async function processDue(): Promise<number> {
    const now = Date.now();
    const due = await tasks().findMany({
      where: { $or: [{ nextAttemptAt: { $null: true } }, { nextAttemptAt: { $lte: now } }] },
      orderBy: { id: 'asc' },
      limit: 200,
    });
    if (!due.length || !engine) return 0;
    const byResource = new Map<string, SyncTaskRow[]>();
    for (const task of due) byResource.set(task.resourceDocumentId, [...(byResource.get(task.resourceDocumentId) ?? []), task]);

    for (const [documentId, group] of byResource) {
      try {
        const doc = await published.one(documentId);
        if (doc) await engine.upsert([doc]);
        else await engine.remove([documentId]);
        await tasks().deleteMany({ where: { id: { $in: group.map((t) => t.id) } } });
      } catch (err) {
        const attempts = Math.max(...group.map((t) => Number(t.attempts ?? 0))) + 1;
        const delay = Math.min(config.retryDelayMs * 2 ** (attempts - 1), config.maxRetryDelayMs);
        strapi.log.warn(`[library] search sync of resource ${documentId} failed (attempt ${attempts}, retry in ${Math.round(delay / 1000)} s): ${(err as Error).message}`);
        await tasks().updateMany({
          where: { id: { $in: group.map((t) => t.id) } },
          data: { attempts, nextAttemptAt: Date.now() + delay, lastError: String((err as Error).message).slice(0, 2000) },
        });
      }
    }
    return due.length;
  }

  /** Everything due, batch after batch: one pass of the worker. */
  async function drain(): Promise<number> {
    running = true;
    let done = 0;
    try {
      for (let batch = await processDue(); batch > 0 && !stopping; batch = await processDue()) done += batch;
    } finally {
      running = false;
    }
    return done;
  }

  // Every process asks on its poll; the job engine has one of them (on PostgreSQL: across processes) run the pass.
  const worker = periodicWorker({
    id: 'library.search-sync',
    name: '[library] search sync worker',
    pass: drain,
    intervalMs: () => config.pollIntervalMs,
    firstDelayMs: () => 0,
    logError: (message) => strapi.log.error(message),
  });

  return {
    /** Starts the worker; the loop is created here so its work never runs inside a request's transaction. */
    start(searchEngine: SearchEngine, syncConfig: LibraryConfig['sync']) {
      engine = searchEngine;
      config = syncConfig;
      stopping = false;
      worker.start();
    },

    async stop() {
      stopping = true;
      await worker.stop();
    },

    /** Records that a resource changed; never throws, so the write that called it cannot fail. */
    async enqueue(resourceDocumentId: string) {
      try {
        const data = { resourceDocumentId, attempts: 0, nextAttemptAt: null };
        if (strapi.db.inTransaction()) {
          // Inside a caller's transaction (the admin wraps some actions in one): the task commits with
          // the write, and the worker is woken only once the write is visible to it.
          await strapi.db.transaction(async ({ onCommit }) => {
            await tasks().create({ data });
            onCommit(() => worker.trigger());
          });
        } else {
          await tasks().create({ data });
          worker.trigger();
        }
      } catch (err) {
        strapi.log.error(`[library] could not queue search sync of ${resourceDocumentId}: ${(err as Error).message} (run npm run search:reindex)`);
      }
    },

    /** Resolves once no task is due (tasks waiting for a retry later stay). For tests and the reindex CLI. */
    async flush(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const due = await tasks().count({ where: { $or: [{ nextAttemptAt: { $null: true } }, { nextAttemptAt: { $lte: Date.now() } }] } });
        if (!due && !running) return;
        if (due) worker.trigger();
        await new Promise<void>((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('search sync did not settle in time');
    },

    async pending(): Promise<SyncTaskRow[]> {
      return tasks().findMany({ orderBy: { id: 'asc' } });
    },
  };
};
