import { describe, expect, it } from 'vitest';
import { periodicWorker } from '../worker';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('periodicWorker', () => {
  it('runs one pass at a time: asking while one runs joins it', async () => {
    let passes = 0;
    const worker = periodicWorker({ id: 't', name: 't', pass: async () => (await pause(30), ++passes), intervalMs: () => 1000, firstDelayMs: () => 1000, logError: () => undefined });
    const [a, b] = await Promise.all([worker.once(), worker.once()]);
    expect([a, b, passes]).toEqual([1, 1, 1]);
    expect(await worker.once(async () => 42)).toBe(42);
  });

  it('waits the interval after a pass ends (never overlapping), keeps going after a failure, and stop waits for the pass under way', async () => {
    const starts: number[] = [];
    const errors: string[] = [];
    let running = 0;
    let overlapped = false;
    const worker = periodicWorker({
      id: 'loop',
      name: 'loop',
      pass: async () => {
        starts.push(Date.now());
        running++;
        overlapped ||= running > 1;
        await pause(40);
        running--;
        if (starts.length === 2) throw new Error('boom');
        return starts.length;
      },
      intervalMs: () => 20,
      firstDelayMs: () => 0,
      logError: (message) => errors.push(message),
    });
    worker.start();
    worker.start(); // a second start changes nothing
    await pause(300);
    await worker.stop();
    const count = starts.length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(overlapped).toBe(false);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(55);
    expect(errors).toEqual(['loop: boom']);
    await pause(100);
    expect(starts.length).toBe(count);
    expect(running).toBe(0);
  });
});

describe('periodicWorker.trigger (in-process engine)', () => {
  it('runs a pass at once, or right after the pass under way, instead of waiting the interval', async () => {
    const starts: number[] = [];
    const worker = periodicWorker({
      id: 'trigger',
      name: 'trigger',
      pass: async () => {
        starts.push(Date.now());
        await pause(40);
      },
      intervalMs: () => 60_000,
      firstDelayMs: () => 60_000,
      logError: () => undefined,
    });
    worker.trigger(); // before start: nothing scheduled, nothing runs
    await pause(20);
    expect(starts).toHaveLength(0);
    worker.start();
    worker.trigger();
    await pause(20);
    expect(starts).toHaveLength(1);
    worker.trigger(); // during the pass: one more right after it, not two
    worker.trigger();
    await pause(120);
    expect(starts).toHaveLength(2);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(38);
    await worker.stop();
    worker.trigger();
    await pause(20);
    expect(starts).toHaveLength(2);
  });
});
