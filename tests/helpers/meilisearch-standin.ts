/**
 * A Meilisearch stand-in for tests: a small HTTP server on 127.0.0.1 that speaks the part of the
 * Meilisearch REST API that the official `meilisearch` JS client uses for Haven (health, indexes,
 * settings, documents, tasks, search, keys), keeps its indexes in memory, and RECORDS every request
 * (method, path, query, headers including Authorization, JSON body) for assertions.
 *
 * It behaves like a real instance where Haven could get it wrong:
 *  - every route but /health needs `Authorization: Bearer <key>`: 401 without one, 403 for an
 *    unknown key or a key whose actions or indexes do not cover the route (the search key can only search);
 *  - writes are asynchronous tasks (202 + taskUid, processed a moment later, GET /tasks/:uid tells
 *    enqueued → succeeded, or failed when the stand-in is told to fail them);
 *  - unknown settings are refused; filters, facets and sorts on attributes that are not filterable
 *    or sortable are refused, as Meilisearch does; only displayed attributes come back in hits;
 *  - outages: `outage('unavailable')` answers 503, `'reset'` drops connections, `'refuse'` stops
 *    listening (connection refused), `'hang'` never answers; `outage('none')` brings it back.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: any;
  /** The answer's status; 0 when the connection was dropped or left hanging. */
  status: number;
  /** The outage mode the request met, if any. */
  outage?: OutageMode;
  at: number;
}

export type OutageMode = 'none' | 'unavailable' | 'reset' | 'refuse' | 'hang';

export interface ApiKey {
  uid: string;
  key: string;
  name: string;
  description: string | null;
  actions: string[];
  indexes: string[];
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TaskFailureRule {
  /** Task type to fail, e.g. 'documentAdditionOrUpdate', 'documentDeletion', 'settingsUpdate'; any when omitted. */
  type?: string;
  /** How many matching tasks fail before tasks succeed again (default: until clearTaskFailures()). */
  times?: number;
  message?: string;
  code?: string;
}

interface Task {
  uid: number;
  batchUid: number | null;
  indexUid: string | null;
  status: 'enqueued' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  type: string;
  canceledBy: null;
  details: Record<string, unknown>;
  error: null | { message: string; code: string; type: string; link: string };
  duration: string | null;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  apply: () => void;
}

interface Index {
  uid: string;
  primaryKey: string | null;
  createdAt: string;
  updatedAt: string;
  settings: Record<string, any>;
  documents: Map<string, Record<string, any>>;
}

export interface MeilisearchStandin {
  url: string;
  port: number;
  keys: { master: string; admin: string; search: string; readOnly: string };
  /** Every request received, oldest first (health checks included). */
  requests: RecordedRequest[];
  /** Recorded requests with this method and path (exact string, or a RegExp on the path). */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[];
  clearRequests(): void;
  /** The documents an index holds now, in insertion order. */
  documents(indexUid: string): Record<string, any>[];
  settings(indexUid: string): Record<string, any> | null;
  hasIndex(indexUid: string): boolean;
  /** Adds an API key as if created through POST /keys (listed first, as the newest). */
  addKey(key: Partial<ApiKey> & { actions: string[]; indexes: string[] }): ApiKey;
  outage(mode: OutageMode): Promise<void>;
  failTasks(rule?: TaskFailureRule): void;
  clearTaskFailures(): void;
  close(): Promise<void>;
}

const DEFAULT_SETTINGS = () => ({
  displayedAttributes: ['*'],
  searchableAttributes: ['*'],
  filterableAttributes: [] as string[],
  sortableAttributes: [] as string[],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  stopWords: [] as string[],
  nonSeparatorTokens: [] as string[],
  separatorTokens: [] as string[],
  dictionary: [] as string[],
  synonyms: {} as Record<string, string[]>,
  distinctAttribute: null as string | null,
  proximityPrecision: 'byWord',
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    disableOnWords: [] as string[],
    disableOnAttributes: [] as string[],
    disableOnNumbers: false,
  },
  faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'alpha' } },
  pagination: { maxTotalHits: 1000 },
  searchCutoffMs: null as number | null,
  localizedAttributes: null,
  facetSearch: true,
  prefixSearch: 'indexingTime',
  embedders: {},
});
const SETTING_NAMES = new Set(Object.keys(DEFAULT_SETTINGS()));

/** Which action a route needs, for API key checks. */
function actionOf(method: string, segments: string[]): string {
  const [root, uid, sub, subsub] = segments;
  if (root === 'keys') return method === 'GET' ? 'keys.get' : method === 'POST' ? 'keys.create' : method === 'PATCH' ? 'keys.update' : 'keys.delete';
  if (root === 'tasks') return method === 'GET' ? 'tasks.get' : method === 'DELETE' ? 'tasks.delete' : 'tasks.cancel';
  if (root === 'stats') return 'stats.get';
  if (root === 'version') return 'version';
  if (root === 'multi-search') return 'search';
  if (root === 'indexes') {
    if (!uid) return method === 'GET' ? 'indexes.get' : 'indexes.create';
    if (!sub) return method === 'GET' ? 'indexes.get' : method === 'PATCH' ? 'indexes.update' : 'indexes.delete';
    if (sub === 'search') return 'search';
    if (sub === 'settings') return method === 'GET' ? 'settings.get' : 'settings.update';
    if (sub === 'stats') return 'stats.get';
    if (sub === 'documents') {
      if (method === 'GET' || subsub === 'fetch') return 'documents.get';
      if (method === 'DELETE' || subsub === 'delete-batch' || subsub === 'delete') return 'documents.delete';
      return 'documents.add';
    }
  }
  return '*';
}

function keyAllows(key: ApiKey, action: string, indexUid: string | null): boolean {
  if (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) return false;
  const actionOk = key.actions.some((a) => a === '*' || a === action || (a.endsWith('.*') && action.startsWith(a.slice(0, -1))) || (a === '*.get' && action.endsWith('.get')));
  if (!actionOk) return false;
  if (!indexUid) return true;
  return key.indexes.some((pattern) => pattern === '*' || pattern === indexUid || (pattern.endsWith('*') && indexUid.startsWith(pattern.slice(0, -1))));
}

/** Lower-cased words, diacritics folded, with their position in the original text. */
function tokenize(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    out.push({ word: m[0].toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, ''), start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** Optimal-string-alignment distance: a swap of neighbouring letters is one typo, as in Meilisearch. */
function typoDistance(a: string, b: string): number {
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

type Match = 'exact' | 'typo' | 'prefix';

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type = 'invalid_request',
  ) {
    super(message);
  }
}

/** Values of a (possibly dotted) attribute as a flat list. */
function valuesOf(doc: Record<string, any>, attribute: string): unknown[] {
  const value = attribute.split('.').reduce<any>((v, k) => (v == null ? undefined : v[k]), doc);
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.flat(Infinity) : [value];
}

function textOf(value: unknown): string {
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
function compileFilter(filter: unknown, filterable: string[]): (doc: Record<string, any>) => boolean {
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

const anyOf = (parts: ((d: Record<string, any>) => boolean)[]) => (d: Record<string, any>) => parts.some((p) => p(d));

export async function startMeilisearchStandin(options: { masterKey?: string; taskDelayMs?: number } = {}): Promise<MeilisearchStandin> {
  const random = () => crypto.randomBytes(16).toString('hex');
  const masterKey = options.masterKey ?? `master-${random()}`;
  const taskDelayMs = options.taskDelayMs ?? 15;
  const created = new Date(Date.now() - 60_000).toISOString();
  const makeKey = (name: string, actions: string[], indexes: string[], extra: Partial<ApiKey> = {}): ApiKey => ({
    uid: crypto.randomUUID(),
    key: crypto.createHmac('sha256', masterKey).update(name + random()).digest('hex'),
    name,
    description: `${name} (stand-in)`,
    actions,
    indexes,
    expiresAt: null,
    createdAt: created,
    updatedAt: created,
    ...extra,
  });
  // The default keys a real instance creates when it has a master key.
  const keys: ApiKey[] = [
    makeKey('Default Search API Key', ['search'], ['*']),
    makeKey('Default Admin API Key', ['*'], ['*']),
    makeKey('Default Read-Only Admin API Key', ['*.get', 'keys.get'], ['*']),
    makeKey('Default Chat API Key', ['chatCompletions', 'search'], ['*']),
  ];

  const requests: RecordedRequest[] = [];
  const indexes = new Map<string, Index>();
  const tasks: Task[] = [];
  let failureRules: TaskFailureRule[] = [];
  let mode: OutageMode = 'none';
  let port = 0;
  const hanging = new Set<http.ServerResponse>();
  const sockets = new Set<Socket>();
  let processing = false;

  const now = () => new Date().toISOString();

  function getIndex(uid: string): Index {
    const index = indexes.get(uid);
    if (!index) throw new ApiError(404, 'index_not_found', `Index \`${uid}\` not found.`);
    return index;
  }

  function ensureIndex(uid: string, primaryKey: string | null = null): Index {
    let index = indexes.get(uid);
    if (!index) {
      index = { uid, primaryKey, createdAt: now(), updatedAt: now(), settings: DEFAULT_SETTINGS(), documents: new Map() };
      indexes.set(uid, index);
    }
    return index;
  }

  function enqueue(type: string, indexUid: string | null, details: Record<string, unknown>, apply: () => void): Task {
    const task: Task = {
      uid: tasks.length,
      batchUid: null,
      indexUid,
      status: 'enqueued',
      type,
      canceledBy: null,
      details,
      error: null,
      duration: null,
      enqueuedAt: now(),
      startedAt: null,
      finishedAt: null,
      apply,
    };
    tasks.push(task);
    setTimeout(processTasks, taskDelayMs);
    return task;
  }

  /** Processes enqueued tasks one at a time, in order, as Meilisearch's scheduler does. */
  function processTasks() {
    if (processing) return;
    processing = true;
    try {
      for (const task of tasks) {
        if (task.status !== 'enqueued') continue;
        task.startedAt = now();
        task.batchUid = task.uid;
        const rule = failureRules.find((r) => !r.type || r.type === task.type);
        try {
          if (rule) {
            if (rule.times !== undefined && --rule.times <= 0) failureRules = failureRules.filter((r) => r !== rule);
            throw new ApiError(500, rule.code ?? 'internal', rule.message ?? 'stand-in told to fail this task', 'internal');
          }
          task.apply();
          task.status = 'succeeded';
        } catch (err) {
          const e = err as ApiError;
          task.status = 'failed';
          task.error = { message: e.message, code: e.code ?? 'internal', type: e.type ?? 'internal', link: `https://docs.meilisearch.com/errors#${e.code ?? 'internal'}` };
        }
        task.finishedAt = now();
        task.duration = 'PT0.001S';
      }
    } finally {
      processing = false;
    }
  }

  const summary = (task: Task) => ({ taskUid: task.uid, indexUid: task.indexUid, status: task.status, type: task.type, enqueuedAt: task.enqueuedAt });
  const view = (task: Task) => {
    const { apply: _apply, ...rest } = task;
    return rest;
  };

  function validateDocuments(index: Index, docs: Record<string, any>[], primaryKeyParam: string | undefined) {
    if (primaryKeyParam && index.primaryKey && primaryKeyParam !== index.primaryKey) {
      throw new ApiError(400, 'index_primary_key_already_exists', `Index \`${index.uid}\`: Index already has a primary key: \`${index.primaryKey}\`.`);
    }
    const primaryKey = index.primaryKey ?? primaryKeyParam ?? (docs[0] && Object.keys(docs[0]).find((k) => /id$/i.test(k))) ?? null;
    if (!primaryKey) throw new ApiError(400, 'index_primary_key_no_candidate_found', 'The primary key inference failed as the engine did not find any field ending with `id` in its name.');
    for (const doc of docs) {
      const id = doc[primaryKey];
      if (id === undefined) throw new ApiError(400, 'missing_document_id', `Document doesn't have a \`${primaryKey}\` attribute: \`${JSON.stringify(doc)}\`.`);
      if (!(typeof id === 'number' && Number.isInteger(id)) && !(typeof id === 'string' && /^[a-zA-Z0-9_-]{1,511}$/.test(id))) {
        throw new ApiError(400, 'invalid_document_id', `Document identifier \`${JSON.stringify(id)}\` is invalid.`);
      }
    }
    return primaryKey;
  }

  function search(index: Index, body: any) {
    const started = Date.now();
    const settings = index.settings;
    const q = typeof body.q === 'string' ? body.q : '';
    const matchFilter = compileFilter(body.filter, settings.filterableAttributes);
    const facets: string[] = body.facets ?? [];
    for (const facet of facets) {
      if (facet !== '*' && !settings.filterableAttributes.includes(facet)) {
        throw new ApiError(400, 'invalid_search_facets', `Invalid facet distribution, attribute \`${facet}\` is not filterable.`);
      }
    }
    const sort: string[] = body.sort ?? [];
    const sorters = sort.map((s) => {
      const [attr, dir] = s.split(':');
      if (!settings.sortableAttributes.includes(attr)) {
        throw new ApiError(400, 'invalid_search_sort', `Attribute \`${attr}\` is not sortable. Available sortable attributes are: \`${settings.sortableAttributes.join(', ')}\`.`);
      }
      if (dir !== 'asc' && dir !== 'desc') throw new ApiError(400, 'invalid_search_sort', `Invalid syntax for the sort parameter: expected \`asc\` or \`desc\`, found \`${dir}\`.`);
      return { attr, dir };
    });

    const terms = [...new Set(tokenize(q).map((t) => t.word))].slice(0, 10);
    const searchable: string[] = settings.searchableAttributes[0] === '*' ? null! : settings.searchableAttributes;
    const typos = settings.typoTolerance;
    const matchWord = (term: string, word: string, isLast: boolean): Match | null => {
      if (word === term) return 'exact';
      if (typos.enabled !== false) {
        const budget = term.length >= typos.minWordSizeForTypos.twoTypos ? 2 : term.length >= typos.minWordSizeForTypos.oneTypo ? 1 : 0;
        if (budget && Math.abs(word.length - term.length) <= budget && typoDistance(term, word) <= budget) return 'typo';
      }
      if (isLast && word.startsWith(term)) return 'prefix';
      return null;
    };

    type Scored = { doc: Record<string, any>; words: number; typos: number; attribute: number; order: number };
    const scored: Scored[] = [];
    let order = 0;
    for (const doc of index.documents.values()) {
      order++;
      if (!matchFilter(doc)) continue;
      if (!terms.length) {
        scored.push({ doc, words: 0, typos: 0, attribute: 0, order });
        continue;
      }
      const attributes = searchable ?? Object.keys(doc);
      const fields = attributes.map((a) => tokenize(textOf(valuesOf(doc, a))).map((t) => t.word));
      const termMatch = terms.map((term, i) => {
        let best: { match: Match; attribute: number } | null = null;
        fields.forEach((words, attribute) => {
          for (const word of words) {
            const match = matchWord(term, word, i === terms.length - 1);
            if (match && (!best || (best.match !== 'exact' && match === 'exact'))) best = { match, attribute };
          }
        });
        return best as { match: Match; attribute: number } | null;
      });
      // matchingStrategy "last" (the default): drop query words from the end until the rest match.
      let words = terms.length;
      if ((body.matchingStrategy ?? 'last') === 'all') {
        if (termMatch.some((m) => !m)) continue;
      } else {
        while (words > 0 && termMatch.slice(0, words).some((m) => !m)) words--;
        if (!words) continue;
      }
      const used = termMatch.slice(0, words) as { match: Match; attribute: number }[];
      scored.push({ doc, words, typos: used.filter((m) => m.match === 'typo').length, attribute: Math.min(...used.map((m) => m.attribute)), order });
    }
    scored.sort((a, b) => {
      if (b.words !== a.words) return b.words - a.words;
      if (a.typos !== b.typos) return a.typos - b.typos;
      if (a.attribute !== b.attribute) return a.attribute - b.attribute;
      for (const { attr, dir } of sorters) {
        const x = valuesOf(a.doc, attr)[0] as any;
        const y = valuesOf(b.doc, attr)[0] as any;
        if (x !== y) return (x < y ? -1 : 1) * (dir === 'asc' ? 1 : -1);
      }
      return a.order - b.order;
    });

    const facetDistribution: Record<string, Record<string, number>> = {};
    const facetNames = facets.includes('*') ? settings.filterableAttributes : facets;
    for (const facet of facetNames) {
      const counts: Record<string, number> = {};
      for (const { doc } of scored) for (const v of new Set(valuesOf(doc, facet).map(String))) counts[v] = (counts[v] ?? 0) + 1;
      facetDistribution[facet] = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
    }

    const exhaustive = body.page !== undefined || body.hitsPerPage !== undefined;
    let slice: Scored[];
    const meta: Record<string, unknown> = {};
    const totalHits = Math.min(scored.length, settings.pagination.maxTotalHits);
    if (exhaustive) {
      const hitsPerPage = body.hitsPerPage ?? 20;
      const page = body.page ?? 1;
      if (!Number.isInteger(page) || page < 0) throw new ApiError(400, 'invalid_search_page', 'Invalid value for `page`: expected a positive integer.');
      if (!Number.isInteger(hitsPerPage) || hitsPerPage < 0) throw new ApiError(400, 'invalid_search_hits_per_page', 'Invalid value for `hitsPerPage`: expected a positive integer.');
      slice = page === 0 ? [] : scored.slice(0, totalHits).slice((page - 1) * hitsPerPage, page * hitsPerPage);
      Object.assign(meta, { hitsPerPage, page, totalPages: hitsPerPage ? Math.ceil(totalHits / hitsPerPage) : 0, totalHits });
    } else {
      const offset = body.offset ?? 0;
      const limit = body.limit ?? 20;
      slice = scored.slice(0, totalHits).slice(offset, offset + limit);
      Object.assign(meta, { offset, limit, estimatedTotalHits: totalHits });
    }

    const displayed: string[] | null = settings.displayedAttributes[0] === '*' ? null : settings.displayedAttributes;
    const retrieve: string[] | null = body.attributesToRetrieve && body.attributesToRetrieve[0] !== '*' ? body.attributesToRetrieve : null;
    const toHighlight: string[] = body.attributesToHighlight ?? [];
    const pre = body.highlightPreTag ?? '<em>';
    const post = body.highlightPostTag ?? '</em>';
    const highlight = (text: string) => {
      let out = '';
      let last = 0;
      for (const token of tokenize(text)) {
        let length = 0;
        terms.forEach((term, i) => {
          const match = matchWord(term, token.word, i === terms.length - 1);
          if (match === 'prefix') length = Math.max(length, term.length);
          else if (match) length = token.end - token.start;
        });
        if (!length) continue;
        out += text.slice(last, token.start) + pre + text.slice(token.start, token.start + length) + post;
        last = token.start + length;
      }
      return out + text.slice(last);
    };
    const hits = slice.map(({ doc }) => {
      const visible = Object.fromEntries(Object.entries(doc).filter(([k]) => (!displayed || displayed.includes(k)) && (!retrieve || retrieve.includes(k))));
      if (!toHighlight.length && !body.attributesToCrop) return visible;
      const formatted: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(visible)) {
        const wanted = toHighlight.includes('*') || toHighlight.includes(k);
        formatted[k] = wanted && typeof v === 'string' ? highlight(v) : wanted && Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? highlight(x) : x)) : typeof v === 'number' ? String(v) : v;
      }
      return { ...visible, _formatted: formatted };
    });
    return { hits, query: q, processingTimeMs: Date.now() - started, ...meta, ...(facets.length ? { facetDistribution, facetStats: {} } : {}) };
  }

  function route(method: string, segments: string[], query: Record<string, string>, body: any): { status: number; body: unknown } {
    const [root, uid, sub, subsub] = segments;
    const accepted = (task: Task) => ({ status: 202, body: summary(task) });

    if (root === 'health' && method === 'GET') return { status: 200, body: { status: 'available' } };
    if (root === 'version' && method === 'GET') return { status: 200, body: { commitSha: 'standin', commitDate: created, pkgVersion: '1.41.0' } };
    if (root === 'stats' && method === 'GET') {
      return { status: 200, body: { databaseSize: 0, lastUpdate: now(), indexes: Object.fromEntries([...indexes.values()].map((i) => [i.uid, { numberOfDocuments: i.documents.size, isIndexing: false, fieldDistribution: {} }])) } };
    }

    if (root === 'keys') {
      if (method === 'GET' && !uid) {
        const limit = Number(query.limit ?? 20);
        const offset = Number(query.offset ?? 0);
        const sorted = [...keys].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        return { status: 200, body: { results: sorted.slice(offset, offset + limit), offset, limit, total: keys.length } };
      }
      if (method === 'GET') {
        const key = keys.find((k) => k.key === uid || k.uid === uid);
        if (!key) throw new ApiError(404, 'api_key_not_found', `API key \`${uid}\` not found.`);
        return { status: 200, body: key };
      }
      throw new ApiError(501, 'not_implemented', 'The stand-in only lists keys.');
    }

    if (root === 'tasks') {
      if (method === 'GET' && uid !== undefined) {
        const task = tasks[Number(uid)];
        if (!task) throw new ApiError(404, 'task_not_found', `Task \`${uid}\` not found.`);
        return { status: 200, body: view(task) };
      }
      if (method === 'GET') {
        const results = [...tasks].reverse().slice(0, Number(query.limit ?? 20)).map(view);
        return { status: 200, body: { results, total: tasks.length, limit: Number(query.limit ?? 20), from: results[0]?.uid ?? null, next: null } };
      }
    }

    if (root === 'indexes') {
      if (!uid) {
        if (method === 'GET') {
          const all = [...indexes.values()].map(({ uid, primaryKey, createdAt, updatedAt }) => ({ uid, primaryKey, createdAt, updatedAt }));
          return { status: 200, body: { results: all, offset: 0, limit: 20, total: all.length } };
        }
        if (method === 'POST') {
          const newUid = body?.uid;
          if (typeof newUid !== 'string' || !/^[a-zA-Z0-9_-]{1,400}$/.test(newUid)) throw new ApiError(400, 'invalid_index_uid', `\`${newUid}\` is not a valid index uid.`);
          return accepted(
            enqueue('indexCreation', newUid, { primaryKey: body.primaryKey ?? null }, () => {
              if (indexes.has(newUid)) throw new ApiError(409, 'index_already_exists', `Index \`${newUid}\` already exists.`);
              ensureIndex(newUid, body.primaryKey ?? null);
            }),
          );
        }
      }
      if (!sub) {
        if (method === 'GET') {
          const { primaryKey, createdAt, updatedAt } = getIndex(uid);
          return { status: 200, body: { uid, primaryKey, createdAt, updatedAt } };
        }
        if (method === 'DELETE') return accepted(enqueue('indexDeletion', uid, { deletedDocuments: 0 }, () => void (getIndex(uid) && indexes.delete(uid))));
      }
      if (sub === 'settings' && !subsub) {
        if (method === 'GET') return { status: 200, body: getIndex(uid).settings };
        if (method === 'PATCH') {
          if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'bad_request', 'Invalid settings: expected an object.');
          for (const name of Object.keys(body)) {
            if (!SETTING_NAMES.has(name)) throw new ApiError(400, 'bad_request', `Unknown field \`${name}\`: expected one of ${[...SETTING_NAMES].map((n) => `\`${n}\``).join(', ')}`);
          }
          return accepted(
            enqueue('settingsUpdate', uid, body, () => {
              const index = ensureIndex(uid);
              for (const [name, value] of Object.entries(body)) {
                const current = index.settings[name];
                index.settings[name] = value === null ? (DEFAULT_SETTINGS() as any)[name] : current && typeof current === 'object' && !Array.isArray(current) && typeof value === 'object' && !Array.isArray(value) ? { ...current, ...(value as object) } : value;
              }
              index.updatedAt = now();
            }),
          );
        }
        if (method === 'DELETE') return accepted(enqueue('settingsUpdate', uid, {}, () => void (ensureIndex(uid).settings = DEFAULT_SETTINGS())));
      }
      if (sub === 'search' && method === 'POST') return { status: 200, body: search(getIndex(uid), body ?? {}) };
      if (sub === 'documents') {
        if (!subsub && (method === 'POST' || method === 'PUT')) {
          const docs: Record<string, any>[] = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : [];
          if (body === undefined) throw new ApiError(400, 'missing_payload', 'A json payload is missing.');
          return accepted(
            enqueue('documentAdditionOrUpdate', uid, { receivedDocuments: docs.length, indexedDocuments: docs.length }, () => {
              const index = ensureIndex(uid);
              const primaryKey = validateDocuments(index, docs, query.primaryKey);
              index.primaryKey ??= primaryKey;
              for (const doc of docs) {
                const id = String(doc[primaryKey]);
                index.documents.set(id, method === 'PUT' ? { ...(index.documents.get(id) ?? {}), ...doc } : structuredClone(doc));
              }
              index.updatedAt = now();
            }),
          );
        }
        if (!subsub && method === 'DELETE') {
          return accepted(enqueue('documentDeletion', uid, { deletedDocuments: indexes.get(uid)?.documents.size ?? 0 }, () => getIndex(uid).documents.clear()));
        }
        if (subsub === 'delete-batch' && method === 'POST') {
          if (!Array.isArray(body)) throw new ApiError(400, 'bad_request', 'Invalid value type: expected an array of document ids.');
          return accepted(enqueue('documentDeletion', uid, { providedIds: body.length }, () => body.forEach((id: unknown) => getIndex(uid).documents.delete(String(id)))));
        }
        if (subsub === 'delete' && method === 'POST') {
          const index = getIndex(uid);
          const matches = compileFilter(body?.filter, index.settings.filterableAttributes);
          return accepted(
            enqueue('documentDeletion', uid, { originalFilter: body?.filter }, () => {
              for (const [id, doc] of index.documents) if (matches(doc)) index.documents.delete(id);
            }),
          );
        }
        if (subsub && method === 'DELETE') return accepted(enqueue('documentDeletion', uid, { providedIds: 1 }, () => getIndex(uid).documents.delete(subsub)));
        if (method === 'GET' && !subsub) {
          const all = [...getIndex(uid).documents.values()];
          const offset = Number(query.offset ?? 0);
          const limit = Number(query.limit ?? 20);
          return { status: 200, body: { results: all.slice(offset, offset + limit), offset, limit, total: all.length } };
        }
        if (method === 'GET' && subsub) {
          const doc = getIndex(uid).documents.get(subsub);
          if (!doc) throw new ApiError(404, 'document_not_found', `Document \`${subsub}\` not found.`);
          return { status: 200, body: doc };
        }
      }
    }
    throw new ApiError(404, 'not_found', `The stand-in does not serve ${method} /${segments.join('/')}.`);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
        body: undefined,
        status: 0,
        at: Date.now(),
      };
      requests.push(record);
      const send = (status: number, payload: unknown) => {
        record.status = status;
        const text = payload === undefined ? '' : JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      if (mode !== 'none') {
        record.outage = mode;
        try {
          record.body = raw ? JSON.parse(raw) : undefined;
        } catch {
          record.body = raw;
        }
        if (mode === 'reset') return req.socket.destroy();
        if (mode === 'hang') return void hanging.add(res);
        return send(503, { message: 'Meilisearch is unavailable (stand-in outage).', code: 'unavailable', type: 'system', link: '' });
      }
      try {
        if (raw) {
          const type = req.headers['content-type'] ?? '';
          if (!type.startsWith('application/json')) throw new ApiError(415, 'invalid_content_type', `The Content-Type \`${type}\` is invalid. Accepted values for the Content-Type header are: \`application/json\`, \`application/x-ndjson\`, \`text/csv\``);
          try {
            record.body = JSON.parse(raw);
          } catch {
            throw new ApiError(400, 'malformed_payload', 'The json payload provided is malformed.');
          }
        }
        const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
        if (segments[0] !== 'health') {
          const auth = req.headers.authorization;
          if (!auth) throw new ApiError(401, 'missing_authorization_header', 'The Authorization header is missing. It must use the bearer authorization method.', 'auth');
          const token = /^Bearer (.+)$/.exec(auth)?.[1];
          const indexUid = segments[0] === 'indexes' ? (segments[1] ?? null) : null;
          const key = keys.find((k) => k.key === token);
          const allowed = token === masterKey || (key !== undefined && keyAllows(key, actionOf(record.method, segments), indexUid));
          if (!allowed) throw new ApiError(403, 'invalid_api_key', 'The provided API key is invalid.', 'auth');
        }
        const answer = route(record.method, segments, record.query, record.body);
        send(answer.status, answer.body);
      } catch (err) {
        if (err instanceof ApiError) send(err.status, { message: err.message, code: err.code, type: err.type, link: `https://docs.meilisearch.com/errors#${err.code}` });
        else send(500, { message: (err as Error).message, code: 'internal', type: 'internal', link: '' });
      }
    });
  });
  // Idle keep-alive sockets are closed after 5 s by default; a client reusing one at that moment gets
  // ECONNRESET. Real servers have the same race; the stand-in keeps sockets longer so tests stay steady.
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = () => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      port = (server.address() as AddressInfo).port;
      resolve();
    });
  });
  const stopListening = () => new Promise<void>((resolve) => {
    for (const res of hanging) res.destroy();
    hanging.clear();
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });
  await listen();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    keys: {
      master: masterKey,
      admin: keys.find((k) => k.name === 'Default Admin API Key')!.key,
      search: keys.find((k) => k.name === 'Default Search API Key')!.key,
      readOnly: keys.find((k) => k.name === 'Default Read-Only Admin API Key')!.key,
    },
    requests,
    requestsTo(method, path) {
      return requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
    },
    clearRequests() {
      requests.length = 0;
    },
    documents(indexUid) {
      return [...(indexes.get(indexUid)?.documents.values() ?? [])].map((d) => structuredClone(d));
    },
    settings(indexUid) {
      const index = indexes.get(indexUid);
      return index ? structuredClone(index.settings) : null;
    },
    hasIndex(indexUid) {
      return indexes.has(indexUid);
    },
    addKey(key) {
      const stamp = new Date().toISOString();
      const full = makeKey(key.name ?? 'Custom key', key.actions, key.indexes, { createdAt: stamp, updatedAt: stamp, ...key });
      keys.push(full);
      return full;
    },
    async outage(next) {
      const previous = mode;
      mode = next;
      if (next === 'refuse' && previous !== 'refuse') await stopListening();
      if (next !== 'refuse' && previous === 'refuse') await listen();
      if (next === 'none') {
        for (const res of hanging) res.destroy();
        hanging.clear();
      }
    },
    failTasks(rule = {}) {
      failureRules.push({ ...rule });
    },
    clearTaskFailures() {
      failureRules = [];
    },
    async close() {
      mode = 'none';
      if (server.listening) await stopListening();
    },
  };
}
