/**
 * Reads other people's ICS feeds where a runaway cannot hurt anyone: in `node:worker_threads`
 * workers with a memory limit, each answer due within a wall-clock limit counted from the call.
 * When it is not there in time the worker is terminated — not asked to stop: a rule that never
 * occurs keeps ical.js inside one call for ever — and the promise rejects with a plain reason.
 * A small pool of warm workers (at most `workers` at a time) serves everyone; requests wait for a
 * free one, and one that cannot start before its deadline is refused as "busy" (a load problem, not
 * the feed's fault). `FeedReader.read` is the only way the CMS turns feed text into busy times.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { IcsError } from './ics-scan';
import type { ExpandOptions } from './ics-expand';
import type { ParseAnswer, ParseRequest } from './ics-worker';
import type { Interval } from './slots';

export { IcsError };
export type ReadOptions = ExpandOptions;

/** The reader had no free worker before the deadline, or is closing: try again later. */
export class ReaderBusyError extends Error {}

export interface ReaderOptions {
  /** Wall-clock limit of one read, from the call to the answer (ms). */
  timeoutMs: number;
  /** Workers parsing at the same time. */
  workers: number;
  /** Heap limit of each worker (MB). */
  memoryMb?: number;
}

interface Job {
  id: number;
  request: ParseRequest;
  resolve(busy: Interval[]): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  worker?: PoolWorker;
}

interface PoolWorker {
  thread: Worker;
  job?: Job;
  idleTimer?: NodeJS.Timeout;
}

/** The compiled worker: beside this file in dist/, or in dist/ when this runs from source (unit tests). */
function workerFile(): string {
  const beside = path.join(__dirname, 'ics-worker.js');
  if (fs.existsSync(beside)) return beside;
  return path.resolve(__dirname, '..', '..', '..', 'dist', 'server', 'lib', 'ics-worker.js');
}

/** An idle worker is kept this long for the next feed, then let go. */
const IDLE_MS = 30_000;

export class FeedReader {
  private readonly pool = new Set<PoolWorker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ReaderOptions) {}

  /** Busy times of an ICS text; settles within `timeoutMs` on any input. */
  read(text: string, options: ReadOptions): Promise<Interval[]> {
    return new Promise<Interval[]>((resolve, reject) => {
      if (this.closed) return reject(new ReaderBusyError('Calendar reading is stopping; it will be tried again.'));
      const id = this.nextId++;
      const job: Job = {
        id,
        request: { id, text, options },
        resolve,
        reject,
        timer: setTimeout(() => this.expire(job), this.options.timeoutMs),
      };
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops every worker; reads under way or waiting reject as busy. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new ReaderBusyError('Calendar reading is stopping; it will be tried again.'));
    await Promise.all([...this.pool].map((w) => this.discard(w, new ReaderBusyError('Calendar reading is stopping; it will be tried again.'))));
  }

  private settle(job: Job, outcome: Error | Interval[]) {
    clearTimeout(job.timer);
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
  }

  private expire(job: Job) {
    const queued = this.queue.indexOf(job);
    if (queued !== -1) {
      this.queue.splice(queued, 1);
      job.reject(new ReaderBusyError('Many calendars are being read right now; this one will be tried again in a few minutes.'));
      return;
    }
    if (job.worker) {
      const seconds = Math.round(this.options.timeoutMs / 100) / 10;
      void this.discard(job.worker, new IcsError(`This calendar took longer than ${seconds} seconds to read (perhaps a repeating event that never occurs); please share a simpler calendar.`));
    }
  }

  /** Terminates a worker; its job (if any) rejects with `reason`. */
  private async discard(worker: PoolWorker, reason: Error) {
    if (!this.pool.delete(worker)) return;
    clearTimeout(worker.idleTimer);
    const job = worker.job;
    worker.job = undefined;
    if (job) this.settle(job, reason);
    await worker.thread.terminate().catch(() => undefined);
    this.pump();
  }

  private spawn(): PoolWorker {
    const memory = this.options.memoryMb ?? 256;
    const thread = new Worker(workerFile(), { resourceLimits: { maxOldGenerationSizeMb: memory, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 } });
    thread.unref();
    const worker: PoolWorker = { thread };
    thread.on('message', (answer: ParseAnswer) => {
      const job = worker.job;
      if (!job || job.id !== answer.id) return;
      worker.job = undefined;
      if ('busy' in answer) this.settle(job, answer.busy);
      else this.settle(job, answer.known ? new IcsError(answer.error) : new Error(answer.error));
      this.release(worker);
    });
    // Out of memory, or a crash: the worker is gone; its feed fails with a plain reason.
    const lost = (reason: string) => void this.discard(worker, new IcsError(reason));
    thread.on('error', (err) => lost((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'This calendar is too large to read; please share a smaller calendar.' : 'This calendar could not be read.'));
    thread.on('exit', () => lost('This calendar could not be read.'));
    this.pool.add(worker);
    return worker;
  }

  private release(worker: PoolWorker) {
    if (!this.pool.has(worker)) return;
    worker.idleTimer = setTimeout(() => void this.discard(worker, new ReaderBusyError('idle')), IDLE_MS);
    worker.idleTimer.unref();
    this.pump();
  }

  private pump() {
    while (this.queue.length && !this.closed) {
      let worker = [...this.pool].find((w) => !w.job);
      if (!worker) {
        if (this.pool.size >= this.options.workers) return;
        worker = this.spawn();
      }
      const job = this.queue.shift();
      if (!job) return;
      clearTimeout(worker.idleTimer);
      worker.job = job;
      job.worker = worker;
      worker.thread.postMessage(job.request);
    }
  }
}
