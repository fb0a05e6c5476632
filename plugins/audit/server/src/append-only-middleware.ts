/**
 * The Document Service's refusal to change an audit entry: update, delete, publish and the other
 * writes of an existing document are refused for plugin::audit.entry, whoever calls them (the Content
 * Manager's generic routes, a script, another plugin). Creating and reading go through.
 */
import type { Core } from '@strapi/strapi';
import { forbidden } from '@haven/shared/errors';
import { useDocumentMiddleware } from '@haven/shared/server/strapi';
import { UID } from './db/uids';

const ALLOWED = new Set(['findOne', 'findFirst', 'findMany', 'count', 'create']);

export function refuseEntryChanges(strapi: Core.Strapi): void {
  useDocumentMiddleware(strapi, async (call, next) => {
    if (call.uid !== UID.entry || ALLOWED.has(call.action)) return next();
    throw forbidden(`Audit entries are append-only: ${call.action} is refused.`);
  });
}
