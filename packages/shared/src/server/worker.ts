import { jobs, type ScheduledJob } from './jobs';

/**
 * A background pass the CMS runs now and then (the safety plugin's deferred notices, the privacy
 * plugin's exports and erasures, the library's search sync): one pass at a time in this process
 * (asking while one runs joins it), a failed pass logged and the loop kept going, and a stop that
 * waits for the pass under way. When a pass runs is the job engine's (`./jobs`): each process on its
 * own timer (SQLite, or JOBS_ENGINE=in-process), or, on PostgreSQL, one pass per interval across all
 * processes, run by whichever takes it. Rows may still be claimed by the caller (a lease in its
 * table) as a second guard.
 */
export interface PeriodicWorkerOptions<T> {
  /** The job engine's name for it: stable, unique, letters, digits and `.-_` (`booking.reminders`). */
  id: string;
  /** Named in the log line of a failed pass. */
  name: string;
  /** One pass at the clock's time. */
  pass: () => Promise<T>;
  /** Read before each wait, so configuration read on every call takes effect. */
  intervalMs: () => number;
  /** The first pass comes sooner after start (what fell due while no process ran goes first). */
  firstDelayMs: () => number;
  logError: (message: string) => void;
}

export interface PeriodicWorker<T> {
  /** Runs `run` in this process unless a pass is under way, which it then joins (tests pass their own instant). */
  once(run?: () => Promise<T>): Promise<T>;
  start(): void;
  /** A pass soon, not waiting for the interval (new work arrived); nothing before `start`. */
  trigger(): void;
  stop(): Promise<void>;
}

export function periodicWorker<T>(options: PeriodicWorkerOptions<T>): PeriodicWorker<T> {
  let current: Promise<T> | null = null;
  let scheduled: ScheduledJob | null = null;

  const once = (run: () => Promise<T> = options.pass): Promise<T> => {
    if (current) return current;
    current = run().finally(() => {
      current = null;
    });
    return current;
  };

  return {
    once,
    start() {
      if (scheduled) return;
      scheduled = jobs().schedule({
        id: options.id,
        name: options.name,
        run: () => once(),
        intervalMs: options.intervalMs,
        firstDelayMs: options.firstDelayMs,
        logError: options.logError,
      });
    },
    trigger() {
      scheduled?.trigger();
    },
    async stop() {
      const stopping = scheduled;
      scheduled = null;
      await stopping?.stop();
      await current?.catch(() => undefined);
    },
  };
}
