import type { ApiKey } from './types';

/** Which action a route needs, for API key checks. */
export function actionOf(method: string, segments: string[]): string {
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

export function keyAllows(key: ApiKey, action: string, indexUid: string | null): boolean {
  if (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) return false;
  const actionOk = key.actions.some((a) => a === '*' || a === action || (a.endsWith('.*') && action.startsWith(a.slice(0, -1))) || (a === '*.get' && action.endsWith('.get')));
  if (!actionOk) return false;
  if (!indexUid) return true;
  return key.indexes.some((pattern) => pattern === '*' || pattern === indexUid || (pattern.endsWith('*') && indexUid.startsWith(pattern.slice(0, -1))));
}
