import type { Core } from '@strapi/strapi';
import { useDocumentMiddleware } from '@haven/shared/server/strapi';
import { errors } from '@strapi/utils';
import { embedUrlFor, lengthMinutesFor, TIMED_KINDS } from '../lib/resource-media';

const UID = 'api::resource.resource';
const WRITES = new Set(['create', 'update']);
const TAG_MAX_LENGTH = 60;

/**
 * A resource's tags as the repeatable `library.tag` component stores them (`[{ name }]`): trimmed,
 * empty ones dropped, the same tag (ignoring case) kept once. Plain strings are accepted too, so the
 * seed, scripts and the JSON tags of older versions write tags the way they always did.
 */
export function normaliseTags(value: unknown): { name: string }[] {
  if (!Array.isArray(value)) throw new errors.ValidationError('tags must be a list of tags');
  const seen = new Set<string>();
  const tags: { name: string }[] = [];
  for (const item of value) {
    const raw = typeof item === 'string' ? item : typeof item === 'object' && item !== null && 'name' in item ? item.name : undefined;
    if (typeof raw !== 'string') throw new errors.ValidationError('Each tag is a word or a short phrase');
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name.length > TAG_MAX_LENGTH) throw new errors.ValidationError(`A tag is at most ${TAG_MAX_LENGTH} characters`);
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    tags.push({ name });
  }
  return tags;
}

/**
 * Refuses video or external URLs that are not safe to show, keeps tags tidy, and keeps a resource's
 * one length field right, whether the write comes from the admin, a script or the seed: for video
 * and audio "Length (minutes)" is the editor's (the only field they see for it); for the kinds that
 * are read it is always counted from the words, so it follows every edit of the text.
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
    if (data.tags != null) data.tags = normaliseTags(data.tags);

    const documentId = context.params?.documentId;
    const current =
      context.action === 'update' && documentId
        ? await strapi.db.query(UID).findOne({ where: { documentId }, select: ['kind', 'body', 'summary', 'durationMinutes'] })
        : null;
    const merged: Record<string, unknown> = { ...(current ?? {}), ...data };
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    const kind = text(merged.kind) ?? 'article';
    // A timed kind keeps the editor's length; only when there is none is it estimated from the words.
    if (!TIMED_KINDS.has(kind) || typeof merged.durationMinutes !== 'number') {
      data.durationMinutes = lengthMinutesFor({ kind, body: text(merged.body), summary: text(merged.summary), durationMinutes: null });
    }
    return next();
  });
}
