import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheMsFrom, expiringMemo } from '../expiring-memo';

describe('expiringMemo', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a key from its first load until ms have passed, then loads again', async () => {
    vi.useFakeTimers({ now: 0 });
    const memo = expiringMemo<number>(1000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await memo('a', load)).toBe(1);
    vi.setSystemTime(999);
    expect(await memo('a', load)).toBe(1);
    vi.setSystemTime(1000);
    expect(await memo('a', load)).toBe(2);
    expect(await memo('b', load)).toBe(3);
  });

  it('shares one load among callers that ask at once', async () => {
    const memo = expiringMemo<string>(1000);
    let loads = 0;
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve(`load ${++loads}`), 10));
    expect(await Promise.all([memo('k', slow), memo('k', slow), memo('k', slow)])).toEqual(['load 1', 'load 1', 'load 1']);
  });

  it('forgets a failed load at once, and a key or everything when told', async () => {
    const memo = expiringMemo<number>(60_000);
    let loads = 0;
    await expect(memo('x', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await memo('x', async () => ++loads)).toBe(1);
    memo.forget('x');
    expect(await memo('x', async () => ++loads)).toBe(2);
    expect(await memo('y', async () => ++loads)).toBe(3);
    memo.clear();
    expect(await memo('x', async () => ++loads)).toBe(4);
    expect(await memo('y', async () => ++loads)).toBe(5);
  });

  it('keeps at most max keys (past it, starts again) and nothing at all with ms 0', async () => {
    const memo = expiringMemo<number>(60_000, 3);
    let loads = 0;
    for (const key of ['a', 'b', 'c']) await memo(key, async () => ++loads);
    expect(await memo('a', async () => ++loads)).toBe(1);
    await memo('d', async () => ++loads); // the fourth key: the cache starts again
    expect(await memo('a', async () => ++loads)).toBe(5);
    const off = expiringMemo<number>(0);
    expect(await off('a', async () => 1)).toBe(1);
    expect(await off('a', async () => 2)).toBe(2);
  });
});

describe('cacheMsFrom', () => {
  it('reads whole milliseconds from 0 to 2000, the fallback when unset or blank', () => {
    expect(cacheMsFrom('X', undefined, 1000)).toBe(1000);
    expect(cacheMsFrom('X', '  ', 1000)).toBe(1000);
    expect(cacheMsFrom('X', '0', 1000)).toBe(0);
    expect(cacheMsFrom('X', ' 2000 ', 1000)).toBe(2000);
  });

  it.each(['2001', '-1', '1.5', '1e3', 'abc', '0x10', '10ms', '١٠٠'])('refuses %j, naming the variable', (raw) => {
    expect(() => cacheMsFrom('AUTH_CACHE_MS', raw, 1000)).toThrow(/AUTH_CACHE_MS must be a whole number of milliseconds from 0 to 2000/);
  });
});
