import type { Core } from '@strapi/strapi';
import { useDocumentMiddleware } from '@haven/shared/server/strapi';
import { getService } from './get-service';
import { UID } from './db/uids';

const SYNCED_ACTIONS = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

/**
 * Every write of a resource leaves an outbox task after the write has finished; the task, not the
 * write, carries the search sync, so a search failure can never fail an editor's save.
 */
export function registerSearchSync(strapi: Core.Strapi) {
  useDocumentMiddleware(strapi, async (context, next) => {
    const result = await next();
    // A plain create or update writes the draft only: what is published (and so searchable) is
    // unchanged unless the call itself publishes.
    const touchesPublished = !['create', 'update'].includes(context.action) || context.params?.status === 'published';
    if (context.uid === UID.resource && SYNCED_ACTIONS.has(context.action) && touchesPublished) {
      const documentId = context.params?.documentId ?? documentIdOf(result);
      if (documentId) await getService('sync').enqueue(documentId);
    }
    return result;
  });
}

function documentIdOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const id = (result as { documentId?: unknown }).documentId;
  return typeof id === 'string' ? id : undefined;
}
