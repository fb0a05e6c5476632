/**
 * A small cache of recent answers by key, each kept `ttlMs`: dashboards count again at most once per
 * range and period however often staff reload. Concurrent asks for the same key share one count.
 * Pure (no Strapi), unit-tested.
 */
export interface TtlCache<Value> {
  get(key: string, load: () => Promise<Value>): Promise<Value>;
  clear(): void;
}

export function ttlCache<Value>(ttlMs: () => number, now: () => number = Date.now, maxEntries = 100): TtlCache<Value> {
  const entries = new Map<string, { at: number; value: Promise<Value> }>();
  return {
    get(key, load) {
      const ttl = ttlMs();
      const found = entries.get(key);
      if (found && ttl > 0 && now() - found.at < ttl) return found.value;
      const value = load();
      if (ttl > 0) {
        entries.delete(key);
        entries.set(key, { at: now(), value });
        // A failed count is not kept: the next ask tries again.
        value.catch(() => entries.get(key)?.value === value && entries.delete(key));
        for (const oldest of entries.keys()) {
          if (entries.size <= maxEntries) break;
          entries.delete(oldest);
        }
      }
      return value;
    },
    clear: () => entries.clear(),
  };
}
