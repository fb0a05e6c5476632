import type { Core } from '@strapi/strapi';
import { useDocumentMiddleware } from '@haven/shared/server/strapi';
import { errors } from '@strapi/utils';
import { embedUrlFor, timeMinutesFor } from '../lib/resource-media';

const UID = 'api::resource.resource';
const WRITES = new Set(['create', 'update']);

/**
 * Keeps a resource's computed reading/watching time current and refuses video or external URLs
 * that are not safe to show, whether the write comes from the admin, a script or the seed.
 */
export function registerResourceFields(strapi: Core.Strapi) {
  useDocumentMiddleware(strapi, async (context, next) => {
    if (context.uid !== UID || !WRITES.has(context.action)) return next();
    const data = context.params?.data;
    if (!data) return next();

    if (data.videoUrl && (typeof data.videoUrl !== 'string' || !embedUrlFor(data.videoUrl))) {
      throw new errors.ValidationError('videoUrl must be an https YouTube or Vimeo link');
    }
    if (data.externalUrl) {
      let ok = false;
      try {
        ok = typeof data.externalUrl === 'string' && ['https:', 'http:'].includes(new URL(data.externalUrl).protocol);
      } catch {
        ok = false;
      }
      if (!ok) throw new errors.ValidationError('externalUrl must be an http(s) address');
    }

    const documentId = context.params?.documentId;
    const current =
      context.action === 'update' && documentId
        ? await strapi.db.query(UID).findOne({ where: { documentId }, select: ['kind', 'body', 'summary', 'durationMinutes'] })
        : null;
    const merged: Record<string, unknown> = { ...(current ?? {}), ...data };
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    data.timeMinutes = timeMinutesFor({
      kind: text(merged.kind) ?? undefined,
      body: text(merged.body),
      summary: text(merged.summary),
      durationMinutes: typeof merged.durationMinutes === 'number' ? merged.durationMinutes : null,
    });
    return next();
  });
}
