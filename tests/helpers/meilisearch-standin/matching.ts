/** Tokenizing, typo distance, attribute values and the filter language, as the stand-in's search and delete-by-filter use them. */
import { ApiError } from './types';

/** Lower-cased words, diacritics folded, with their position in the original text. */
export function tokenize(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    out.push({ word: m[0].toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, ''), start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** Optimal-string-alignment distance: a swap of neighbouring letters is one typo, as in Meilisearch. */
export function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Values of a (possibly dotted) attribute as a flat list. */
export function valuesOf(doc: Record<string, any>, attribute: string): unknown[] {
  const value = attribute.split('.').reduce<any>((v, k) => (v == null ? undefined : v[k]), doc);
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.flat(Infinity) : [value];
}

export function textOf(value: unknown): string {
  if (value == null) return '';
  if (Array.isArray(value)) return value.map(textOf).join(' ');
  if (typeof value === 'object') return Object.values(value as object).map(textOf).join(' ');
  return String(value);
}

/**
 * A filter expression in the subset of Meilisearch's syntax Haven (and most apps) use:
 * `attr = value`, `attr != value`, `attr IN [a, b]`, `attr NOT IN [a, b]`, `attr EXISTS`,
 * numeric `<, <=, >, >=`, combined with AND / OR / NOT and parentheses; arrays of strings are
 * ANDed and nested arrays ORed, as the client sends them.
 */
export function compileFilter(filter: unknown, filterable: string[]): (doc: Record<string, any>) => boolean {
  const ok = (attr: string) => {
    if (!filterable.some((f) => f === '*' || f === attr || attr.startsWith(`${f}.`))) {
      throw new ApiError(400, 'invalid_search_filter', `Attribute \`${attr}\` is not filterable. Available filterable attributes are: \`${filterable.join(', ')}\`.`);
    }
  };
  if (filter === undefined || filter === null) return () => true;
  if (Array.isArray(filter)) {
    const parts = filter.map((f) => (Array.isArray(f) ? anyOf(f.map((g) => compileFilter(g, filterable))) : compileFilter(f, filterable)));
    return (doc) => parts.every((p) => p(doc));
  }
  if (typeof filter !== 'string') throw new ApiError(400, 'invalid_search_filter', 'Invalid syntax for the filter parameter: expected a string or an array.');
  const tokens = filter.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|!=|<=|>=|[=<>()[\],]|[^\s=<>()[\],!]+/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const fail = (): never => {
    throw new ApiError(400, 'invalid_search_filter', `Was expecting an operation \`=\`, \`!=\`, \`>=\`, \`>\`, \`<=\`, \`<\`, \`IN\`, \`NOT IN\`, \`EXISTS\` at \`${filter}\`.`);
  };
  const literal = (t: string | undefined) => {
    if (t === undefined) return fail();
    return /^["']/.test(t) ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
  };
  const eq = (a: unknown, b: string) => String(a) === b || (typeof a === 'number' && Number(b) === a);
  const parseOr = (): ((d: Record<string, any>) => boolean) => {
    const parts = [parseAnd()];
    while (peek()?.toUpperCase() === 'OR') {
      next();
      parts.push(parseAnd());
    }
    return anyOf(parts);
  };
  const parseAnd = (): ((d: Record<string, any>) => boolean) => {
    const parts = [parseNot()];
    while (peek()?.toUpperCase() === 'AND') {
      next();
      parts.push(parseNot());
    }
    return (d) => parts.every((p) => p(d));
  };
  const parseNot = (): ((d: Record<string, any>) => boolean) => {
    if (peek()?.toUpperCase() === 'NOT') {
      next();
      const inner = parseNot();
      return (d) => !inner(d);
    }
    if (peek() === '(') {
      next();
      const inner = parseOr();
      if (next() !== ')') fail();
      return inner;
    }
    const attr = literal(next());
    ok(attr);
    const op = next();
    if (op === undefined) return fail();
    const upper = op.toUpperCase();
    if (upper === 'EXISTS') return (d) => valuesOf(d, attr).length > 0;
    if (upper === 'IN' || (upper === 'NOT' && peek()?.toUpperCase() === 'IN')) {
      if (upper === 'NOT') next();
      if (next() !== '[') fail();
      const list: string[] = [];
      while (peek() !== ']') {
        list.push(literal(next()));
        if (peek() === ',') next();
        else if (peek() !== ']') fail();
      }
      next();
      const test = (d: Record<string, any>) => valuesOf(d, attr).some((v) => list.some((l) => eq(v, l)));
      return upper === 'NOT' ? (d) => !test(d) : test;
    }
    const value = literal(next());
    switch (op) {
      case '=':
        return (d) => valuesOf(d, attr).some((v) => eq(v, value));
      case '!=':
        return (d) => !valuesOf(d, attr).some((v) => eq(v, value));
      case '<':
        return (d) => valuesOf(d, attr).some((v) => Number(v) < Number(value));
      case '<=':
        return (d) => valuesOf(d, attr).some((v) => Number(v) <= Number(value));
      case '>':
        return (d) => valuesOf(d, attr).some((v) => Number(v) > Number(value));
      case '>=':
        return (d) => valuesOf(d, attr).some((v) => Number(v) >= Number(value));
      default:
        return fail();
    }
  };
  const compiled = parseOr();
  if (pos !== tokens.length) fail();
  return compiled;
}

export const anyOf = (parts: ((d: Record<string, any>) => boolean)[]) => (d: Record<string, any>) => parts.some((p) => p(d));
