/**
 * A background pass a CMS process runs now and then (the safety plugin's deferred notices, the
 * privacy plugin's exports and erasures): one pass at a time in this process (asking while one runs
 * joins it), the next one `intervalMs()` after the last ended (never overlapping, whatever a pass
 * costs), a failed pass logged and the loop kept going, and a stop that waits for the pass under way.
 * Work shared between processes is still claimed row by row by the caller (a lease in its table).
 */
export interface PeriodicWorkerOptions<T> {
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
  /** Runs `run` unless a pass is under way, which it then joins (tests pass their own instant). */
  once(run?: () => Promise<T>): Promise<T>;
  start(): void;
  stop(): Promise<void>;
}

export function periodicWorker<T>(options: PeriodicWorkerOptions<T>): PeriodicWorker<T> {
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<T> | null = null;
  let stopped = true;

  const once = (run: () => Promise<T> = options.pass): Promise<T> => {
    if (current) return current;
    current = run().finally(() => {
      current = null;
    });
    return current;
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(loop, delayMs);
    timer.unref();
  };

  function loop() {
    if (stopped) return;
    once()
      .catch((err: Error) => options.logError(`${options.name}: ${err.message}`))
      .finally(() => {
        if (!stopped) schedule(options.intervalMs());
      });
  }

  return {
    once,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(Math.min(options.firstDelayMs(), options.intervalMs()));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await current?.catch(() => undefined);
    },
  };
}
