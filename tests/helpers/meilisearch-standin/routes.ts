import { compileFilter } from './matching';
import { search } from './search';
import type { TaskStore } from './store';
import { ApiError, DEFAULT_SETTINGS, SETTING_NAMES, type ApiKey, type Task } from './types';

/** The REST routes the stand-in serves, over its store and keys; throws ApiError for Meilisearch's error answers. */
export function createRouter(store: TaskStore, keys: ApiKey[], created: string) {
  const { indexes, tasks, now, getIndex, ensureIndex, enqueue, summary, view, validateDocuments } = store;

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

    // POST /multi-search (not federated): one search per query, answered in order, each naming its index.
    if (root === 'multi-search' && method === 'POST' && !uid) {
      if (!Array.isArray(body?.queries)) throw new ApiError(400, 'bad_request', 'Missing field `queries`');
      if (body.federation) throw new ApiError(501, 'not_implemented', 'The stand-in does not federate searches.');
      const results = body.queries.map(({ indexUid, ...params }: Record<string, any>) => ({ indexUid, ...search(getIndex(String(indexUid)), params) }));
      return { status: 200, body: { results } };
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

  return route;
}
