/** What the plugin's controllers read of a request besides the acting admin (the kit's `staffActor`): the applicant, an uploaded file, and how a document is sent. */
import { siteUserId, type HavenContext } from '@haven/shared/server/strapi';
import type { OpenedDocument } from '../services/documents';

export const applicantId = (ctx: HavenContext) => siteUserId(ctx, 'Log in as a therapist to see your application');

/** A file koa-body (formidable) wrote to disk from a multipart field. */
export interface UploadedFile {
  filepath: string;
  originalFilename?: string | null;
  size: number;
}

const isUploadedFile = (value: unknown): value is UploadedFile =>
  Boolean(value) && typeof value === 'object' && typeof (value as UploadedFile).filepath === 'string' && typeof (value as UploadedFile).size === 'number';

/** The one file sent as multipart field `document` (or `file`), else null. */
export function uploadedFile(ctx: HavenContext): UploadedFile | null {
  const files = ctx.request.files as Record<string, unknown> | undefined;
  const field = files?.document ?? files?.file;
  const single: unknown = Array.isArray(field) ? field[0] : field;
  return isUploadedFile(single) ? single : null;
}

/** Sends a document as a download that browsers never render or sniff, and nobody caches. */
export function sendDocument(ctx: HavenContext, document: OpenedDocument): void {
  ctx.set('Content-Type', document.mime);
  ctx.set('Content-Disposition', `attachment; filename="${document.fileName}"`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
  ctx.body = document.bytes;
}
