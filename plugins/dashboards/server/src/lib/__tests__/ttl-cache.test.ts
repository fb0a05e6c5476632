import { describe, expect, it } from 'vitest';
import { ttlCache } from '../ttl-cache';

describe('ttlCache', () => {
  it('answers from the cache within the time to live and counts again after it', async () => {
    let now = 0;
    let loads = 0;
    const cache = ttlCache<number>(() => 60_000, () => now);
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    now = 59_999;
    expect(await cache.get('a', load)).toBe(1);
    now = 60_000;
    expect(await cache.get('a', load)).toBe(2);
    expect(await cache.get('b', load)).toBe(3);
  });

  it('shares one count between concurrent asks and keeps no failure', async () => {
    let loads = 0;
    const cache = ttlCache<number>(() => 60_000, () => 0);
    const [a, b] = await Promise.all([cache.get('k', async () => ++loads), cache.get('k', async () => ++loads)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    await expect(cache.get('bad', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await Promise.resolve();
    expect(await cache.get('bad', async () => 7)).toBe(7);
  });

  it('keeps nothing with a zero time to live and at most maxEntries keys', async () => {
    let loads = 0;
    const off = ttlCache<number>(() => 0, () => 0);
    await off.get('a', async () => ++loads);
    await off.get('a', async () => ++loads);
    expect(loads).toBe(2);
    const small = ttlCache<string>(() => 60_000, () => 0, 2);
    for (const key of ['a', 'b', 'c']) await small.get(key, async () => key);
    expect(await small.get('a', async () => 'again')).toBe('again');
    expect(await small.get('c', async () => 'again')).toBe('c');
  });
});
