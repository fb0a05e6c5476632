import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { embedUrlFor, timeMinutesFor } from '../lib/resource-media';

const UID = 'api::resource.resource';
const WRITES = new Set(['create', 'update']);

/**
 * Keeps a resource's computed reading/watching time current and refuses video or external URLs
 * that are not safe to show, whether the write comes from the admin, a script or the seed.
 */
export function registerResourceFields(strapi: Core.Strapi) {
  strapi.documents.use(async (context: any, next: () => Promise<any>) => {
    if (context.uid !== UID || !WRITES.has(context.action)) return next();
    const data = context.params?.data;
    if (!data) return next();

    if (data.videoUrl && !embedUrlFor(data.videoUrl)) {
      throw new errors.ValidationError('videoUrl must be an https YouTube or Vimeo link');
    }
    if (data.externalUrl) {
      let ok = false;
      try {
        ok = ['https:', 'http:'].includes(new URL(data.externalUrl).protocol);
      } catch {
        ok = false;
      }
      if (!ok) throw new errors.ValidationError('externalUrl must be an http(s) address');
    }

    const current =
      context.action === 'update' && context.params.documentId
        ? await strapi.db.query(UID).findOne({ where: { documentId: context.params.documentId }, select: ['kind', 'body', 'summary', 'durationMinutes'] })
        : null;
    data.timeMinutes = timeMinutesFor({ ...(current ?? {}), ...data });
    return next();
  });
}
