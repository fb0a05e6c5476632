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
import { keyAllows, actionOf } from './keys';
import { createRouter } from './routes';
import { createTaskStore } from './store';
import { ApiError, type ApiKey, type MeilisearchStandin, type OutageMode, type RecordedRequest } from './types';

export type { ApiKey, MeilisearchStandin, OutageMode, RecordedRequest, TaskFailureRule } from './types';

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
  const store = createTaskStore(taskDelayMs);
  const { indexes } = store;
  const route = createRouter(store, keys, created);
  let mode: OutageMode = 'none';
  let port = 0;
  const hanging = new Set<http.ServerResponse>();
  const sockets = new Set<Socket>();

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
          // A multi-search needs the key to cover every index its queries name, as Meilisearch checks.
          const queried: (string | null)[] = segments[0] === 'multi-search' && Array.isArray((record.body as { queries?: unknown } | null)?.queries) ? ((record.body as { queries: { indexUid?: unknown }[] }).queries).map((q) => String(q?.indexUid)) : [indexUid];
          const allowed = token === masterKey || (key !== undefined && queried.every((uid) => keyAllows(key, actionOf(record.method, segments), uid)));
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
      store.failTasks(rule);
    },
    clearTaskFailures() {
      store.clearTaskFailures();
    },
    async close() {
      mode = 'none';
      if (server.listening) await stopListening();
    },
  };
}