/**
 * "At most once per visitor, item and UTC day", in memory, so a reload, a script or a bored visitor
 * cannot inflate the library's view and search counts: a visitor (a salted hash of their address,
 * never the address itself) counts once per item per day and for at most `perVisitor` items a day.
 * Memory is bounded: past `maxKeys` remembered pairs a day, further ones are not counted (a flood
 * undercounts rather than inflates). Everything is forgotten when the UTC day changes. Each CMS
 * process remembers on its own, so with N processes a visitor counts at most N times.
 * Pure (no Strapi), unit-tested.
 */
export interface OncePerDay {
  /** True when this visitor's `item` on `day` should be counted (and remembers it). */
  admit(visitor: string, item: string, day: string): boolean;
}

export function oncePerDay(options: { perVisitor: number; maxKeys: number }): OncePerDay {
  let today = '';
  let seen = new Set<string>();
  let perVisitor = new Map<string, number>();
  return {
    admit(visitor, item, day) {
      if (day !== today) {
        today = day;
        seen = new Set();
        perVisitor = new Map();
      }
      const key = `${visitor}\n${item}`;
      if (seen.has(key)) return false;
      const count = perVisitor.get(visitor) ?? 0;
      if (count >= options.perVisitor || seen.size >= options.maxKeys) return false;
      seen.add(key);
      perVisitor.set(visitor, count + 1);
      return true;
    },
  };
}
