/**
 * The PostgreSQL job engine: pg-boss in its own schema of Haven's database. Every process keeps its
 * timer, but a tick only asks for the pass of the current interval slot: the first process to ask
 * creates the job (pg-boss keeps one job per queue and slot, `singletonSeconds`, whichever process
 * or machine sends it), the others are told it exists. Every process works the queue and one of them
 * takes the job (SKIP LOCKED). The `stately` policy keeps at most one pass waiting and one running
 * across the processes, so a pass longer than the interval never overlaps the next one elsewhere.
 */
import os from 'node:os';
import pg from 'pg';
import type { ConstructorOptions, PgBoss } from 'pg-boss';
import type { JobsEngine, PeriodicJob, ScheduledJob } from './jobs';

export interface PgBossSettings {
  /** Haven's own database (its Strapi connection settings); pg-boss opens a small pool of its own. */
  connection: { connectionString: string } | { host: string; port: number; database: string; user: string; password: string };
  ssl: false | { rejectUnauthorized: boolean };
  /** pg-boss's own schema (`pgboss`), created on first start. */
  schema: string;
  poolMax: number;
  logError: (message: string) => void;
  logWarn: (message: string) => void;
}

/** Whole seconds (pg-boss's slots are whole seconds), at least one. */
const slotSeconds = (intervalMs: number) => Math.max(1, Math.ceil(intervalMs / 1000));
// How often an idle process looks for a job another process created (the sender wakes its own worker
// at once): pg-boss's floor is half a second; a long interval needs no tight poll.
const pollSeconds = (intervalMs: number) => Math.min(30, Math.max(0.5, intervalMs / 1000));
// A running pass blocks the next one of its queue (stately): the worker's heartbeat keeps its job
// alive, so a process that died during a pass frees the queue once pg-boss's monitor sees the
// heartbeat stop (this plus up to a monitor interval), not only when the job expires.
const HEARTBEAT_SECONDS = 30;
// The longest a pass may run, heartbeat or not.
const EXPIRE_SECONDS = 3600;
const RAN_BY = `${os.hostname()}:${process.pid}`;

// Strapi makes node-postgres hand back json and jsonb as text, for every pool of the process (the
// type parsers are global); pg-boss reads its own jsonb columns (a job's data, a queue's options) as
// objects. Its pool gets node-postgres's parsers back for those two types.
const JSON_OIDS = new Set<number>([pg.types.builtins.JSON, pg.types.builtins.JSONB]);
const parseJson = (text: string): unknown => JSON.parse(text);
const poolTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    JSON_OIDS.has(oid) && format !== 'binary' ? parseJson : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function pgBossJobs(settings: PgBossSettings): Promise<JobsEngine> {
  // pg-boss is ESM only and only PostgreSQL deployments load it (Node 24 requires ESM from CommonJS).
  const { PgBoss } = await import('pg-boss');
  // `types` is node-postgres's own pool option: pg-boss hands its options to the pool as they are.
  const options: ConstructorOptions & { types: typeof poolTypes } = {
    ...settings.connection,
    ssl: settings.ssl,
    schema: settings.schema,
    max: settings.poolMax,
    application_name: 'haven-jobs',
    // Haven schedules by interval, not by cron: no cron timers.
    schedule: false,
    types: poolTypes,
  };
  const boss: PgBoss = new PgBoss(options);
  boss.on('error', (err: Error) => settings.logError(`[jobs] pg-boss: ${err.message}`));
  boss.on('warning', (warning: { message: string }) => settings.logWarn(`[jobs] pg-boss: ${warning.message}`));
  await boss.start();
  const scheduled = new Set<ScheduledJob>();

  return {
    name: 'pg-boss',
    schedule(job) {
      const handle = scheduleOn(boss, job);
      scheduled.add(handle);
      return {
        trigger: handle.trigger,
        async stop() {
          scheduled.delete(handle);
          await handle.stop();
        },
      };
    },
    async stop() {
      await Promise.all([...scheduled].map((handle) => handle.stop()));
      scheduled.clear();
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

function scheduleOn(boss: PgBoss, job: PeriodicJob): ScheduledJob {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let workerId: string | null = null;
  const fail = (err: Error) => job.logError(`${job.name}: ${err.message}`);

  const ready = (async () => {
    await boss.createQueue(job.id, { policy: 'stately', retryLimit: 0, expireInSeconds: EXPIRE_SECONDS, heartbeatSeconds: HEARTBEAT_SECONDS });
    if (stopped) return;
    workerId = await boss.work(job.id, { pollingIntervalSeconds: pollSeconds(job.intervalMs()) }, async () => {
      try {
        await job.run();
      } catch (err) {
        fail(err as Error);
        throw err; // the job is kept as failed, with its error, for whoever looks at the queue
      }
      return { ranBy: RAN_BY };
    });
  })();

  // `slotted`: the interval's own pass, one per slot; otherwise a pass asked for outside it.
  const send = async (slotted: boolean) => {
    await ready;
    if (stopped) return;
    const seconds = slotSeconds(job.intervalMs());
    // The finished job holds its slot until deleted: kept past the slot, so a late tick cannot make a second pass.
    const options = slotted ? { singletonSeconds: seconds, deleteAfterSeconds: Math.max(3600, 2 * seconds) } : { deleteAfterSeconds: 3600 };
    const id = await boss.send(job.id, { sentBy: RAN_BY }, options);
    if (id && workerId) boss.notifyWorker(workerId);
  };

  const wait = (delayMs: number) => {
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };
  function tick() {
    timer = null;
    if (stopped) return;
    send(true)
      .catch(fail)
      .finally(() => {
        if (!stopped) wait(job.intervalMs());
      });
  }
  ready.catch(fail);
  wait(Math.min(job.firstDelayMs(), job.intervalMs()));

  return {
    trigger() {
      if (!stopped) send(false).catch(fail);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await ready.catch(() => undefined);
      // Waits for this process's pass under way; the job stays with pg-boss for the others.
      if (workerId) await boss.offWork(job.id, { id: workerId, wait: true });
    },
  };
}
