/**
 * What the CMS says at start about shared limits, and that a Redis that is down neither stops the
 * start nor the limits (they fall back to this process's memory). Real modules; the unreachable
 * Redis is a closed port.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { failureStore } from '@haven/shared/server/failure-store';
import { closeSharedRedis, sharedRedis } from '@haven/shared/server/shared-redis';
import { ALWAYS_PER_PROCESS, connectSharedLimits, PER_PROCESS_LIMITS } from '../shared-limits';

const saved = { url: process.env.REDIS_URL, prefix: process.env.REDIS_PREFIX };
afterEach(async () => {
  await closeSharedRedis();
  for (const [name, value] of [['REDIS_URL', saved.url], ['REDIS_PREFIX', saved.prefix]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('shared limits at start', () => {
  it('without REDIS_URL: one warning naming every limit kept per process', async () => {
    delete process.env.REDIS_URL;
    const lines: string[] = [];
    await connectSharedLimits({ warn: (line) => lines.push(line), info: (line) => lines.push(line) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[limits\] REDIS_URL is not set/);
    for (const limit of [...PER_PROCESS_LIMITS, ...ALWAYS_PER_PROCESS]) expect(lines[0]).toContain(limit);
    expect(sharedRedis()).toBeNull();
    expect(failureStore('login-account', { freeFailures: 1, baseDelayMs: 1000, maxDelayMs: 1000, forgetAfterMs: 1000 }).kind).toBe('memory');
  });

  it('with a Redis that does not answer: the start goes on (after a short wait), and lock-outs still hold in this process', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    process.env.REDIS_PREFIX = 'haven-test-down';
    const lines: string[] = [];
    const started = Date.now();
    await connectSharedLimits({ warn: (line) => lines.push(line), info: () => undefined }, 300);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lines.some((line) => /does not answer yet/.test(line))).toBe(true);
    const store = failureStore('login-account', { freeFailures: 2, baseDelayMs: 60_000, maxDelayMs: 60_000, forgetAfterMs: 60_000 }, (line) => lines.push(line));
    expect(store.kind).toBe('redis');
    for (let i = 0; i < 2; i += 1) {
      expect(await store.begin('site:user:1')).toBe(0);
      await store.fail('site:user:1');
    }
    expect(await store.begin('site:user:1')).toBeGreaterThan(59_000);
  });

  it('with a Redis that answers: no warning, one line saying what is shared and what is not', async () => {
    process.env.REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
    process.env.REDIS_PREFIX = 'haven-test-up';
    const warnings: string[] = [];
    const infos: string[] = [];
    await connectSharedLimits({ warn: (line) => warnings.push(line), info: (line) => infos.push(line) });
    expect(warnings).toEqual([]);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatch(/^\[limits\] shared through Redis: /);
    expect(infos[0]).toContain(`still per process: ${ALWAYS_PER_PROCESS.join('; ')}`);
    expect(sharedRedis()?.redis.status).toBe('ready');
  });

  it('refuses a REDIS_PREFIX that is not a plain key prefix', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:6379';
    process.env.REDIS_PREFIX = 'bad prefix*';
    await expect(connectSharedLimits({ warn: () => undefined, info: () => undefined })).rejects.toThrow(/REDIS_PREFIX/);
  });
});
