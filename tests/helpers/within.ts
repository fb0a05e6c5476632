/**
 * Polls `check` every `everyMs` until it holds and answers how long that took (ms); throws after
 * `limitMs`. For promises such as "a ban takes effect within 2 seconds on every process".
 */
export async function within(limitMs: number, check: () => Promise<boolean>, everyMs = 25): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > limitMs) throw new Error(`did not take effect within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return Date.now() - started;
}
