/**
 * A small per-process cache of promises for reads whose answers may be up to `ms` old (issue 21: the
 * authentication reads, the community listing). Each key's promise is remembered for `ms`; a failed
 * one is forgotten at once (the next caller asks again). At most `max` keys: past that the whole
 * cache starts again, so memory stays bounded without bookkeeping on every hit.
 */
export function expiringMemo<V>(ms: number, max = 256) {
  const entries = new Map<string, { at: number; value: Promise<V> }>();
  const remember = (key: string, load: () => Promise<V>): Promise<V> => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && now - hit.at < ms) return hit.value;
    if (entries.size >= max) entries.clear();
    const value = load();
    entries.set(key, { at: now, value });
    value.catch(() => entries.delete(key));
    return value;
  };
  return Object.assign(remember, { forget: (key: string) => entries.delete(key), clear: () => entries.clear() });
}

export type ExpiringMemo<V> = ReturnType<typeof expiringMemo<V>>;

/**
 * A cache lifetime from the environment: a whole number of milliseconds from 0 (off) to 2000 (what
 * may be kept must reach every process within 2 seconds), `fallback` when unset or blank.
 */
export function cacheMsFrom(name: string, raw: string | undefined, fallback: number): number {
  const text = (raw ?? '').trim();
  if (!text) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value > 2000) throw new Error(`${name} must be a whole number of milliseconds from 0 to 2000 (a change must reach every process within 2 seconds)`);
  return value;
}
