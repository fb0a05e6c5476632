/**
 * Which process runs a background pass. On the embedded database (SQLite: one machine, usually one
 * process) every process runs its own passes on a timer, as it always did. On PostgreSQL several
 * processes and machines share the work, and a job engine there (pg-boss, `./jobs-pg-boss`) decides
 * which one runs each pass, so a pass is run once across all of them rather than once per process.
 *
 * The CMS starts one engine per process (`startJobs`, in its register step, before any plugin's
 * bootstrap starts a worker) and stops it in its destroy step, after the plugins stopped theirs.
 * Workers (`periodicWorker`, `./worker`) ask `jobs()` for the engine when they start.
 */
import { pgBossJobs, type PgBossSettings } from './jobs-pg-boss';

export type JobsEngineName = 'in-process' | 'pg-boss';

/** A pass to run now and then: `run` is the whole pass (the worker keeps it to one at a time per process). */
export interface PeriodicJob {
  /** Stable and unique among the jobs (`booking.reminders`): the engine's queue name. */
  id: string;
  /** Named in the log line of a failed pass. */
  name: string;
  run: () => Promise<unknown>;
  /** Read before each wait, so configuration read on every call takes effect. */
  intervalMs: () => number;
  firstDelayMs: () => number;
  logError: (message: string) => void;
}

export interface ScheduledJob {
  /** A pass soon, outside the interval (new work arrived); one already waiting makes this a no-op. */
  trigger(): void;
  /** No more passes from this process; resolves once its pass under way ended. */
  stop(): Promise<void>;
}

export interface JobsEngine {
  name: JobsEngineName;
  schedule(job: PeriodicJob): ScheduledJob;
  stop(): Promise<void>;
}

export type JobsSettings = { engine: 'in-process' } | ({ engine: 'pg-boss' } & PgBossSettings);

/**
 * Each process on its own clock: the first pass after `firstDelayMs`, the next an interval after
 * the last ended (never overlapping), a trigger during a pass makes another right after it.
 */
export const inProcessJobs: JobsEngine = {
  name: 'in-process',
  schedule(job) {
    let timer: NodeJS.Timeout | null = null;
    let running: Promise<void> | null = null;
    let again = false;
    let stopped = false;

    const wait = (delayMs: number) => {
      timer = setTimeout(pass, delayMs);
      timer.unref();
    };
    function pass() {
      timer = null;
      if (stopped) return;
      running = job
        .run()
        .then(() => undefined)
        .catch((err: Error) => job.logError(`${job.name}: ${err.message}`))
        .finally(() => {
          running = null;
          if (stopped) return;
          wait(again ? 0 : job.intervalMs());
          again = false;
        });
    }
    wait(Math.min(job.firstDelayMs(), job.intervalMs()));

    return {
      trigger() {
        if (stopped) return;
        if (running) {
          again = true;
          return;
        }
        if (timer) clearTimeout(timer);
        wait(0);
      },
      async stop() {
        stopped = true;
        if (timer) clearTimeout(timer);
        timer = null;
        await running;
      },
    };
  },
  async stop() {
    /* nothing held */
  },
};

let current: JobsEngine = inProcessJobs;

/** The engine of this process (in-process until `startJobs` chose another). */
export function jobs(): JobsEngine {
  return current;
}

/** Starts this process's engine; a second start stops the first (a test booting Strapi again). */
export async function startJobs(settings: JobsSettings): Promise<JobsEngine> {
  await stopJobs();
  current = settings.engine === 'pg-boss' ? await pgBossJobs(settings) : inProcessJobs;
  return current;
}

export async function stopJobs(): Promise<void> {
  const engine = current;
  current = inProcessJobs;
  await engine.stop();
}
