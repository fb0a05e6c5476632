import { ApiError, DEFAULT_SETTINGS, type Index, type Task, type TaskFailureRule } from './types';

/** The stand-in's indexes and its asynchronous task queue (writes are tasks processed a moment later, in order). */
export function createTaskStore(taskDelayMs: number) {
  const indexes = new Map<string, Index>();
  const tasks: Task[] = [];
  let failureRules: TaskFailureRule[] = [];
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

  return {
    indexes,
    tasks,
    now,
    getIndex,
    ensureIndex,
    enqueue,
    summary,
    view,
    validateDocuments,
    failTasks(rule: TaskFailureRule = {}) {
      failureRules.push({ ...rule });
    },
    clearTaskFailures() {
      failureRules = [];
    },
  };
}

export type TaskStore = ReturnType<typeof createTaskStore>;
