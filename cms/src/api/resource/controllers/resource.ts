import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { checkPreviewToken, isPreviewSecret, PREVIEW_TOKEN_HEADER } from '@haven/shared/preview';
import { isDocumentIdParam } from '../../../lib/validation';
import { draftView, type ResourceDraft } from '../views';

const UID = 'api::resource.resource';

/** Why a preview token was refused, in words an editor (or the site's error page) can act on. */
const REFUSALS = {
  malformed: 'A preview needs a valid preview token: open it again from the Content Manager',
  forged: 'This preview token is not valid: open the preview again from the Content Manager',
  expired: 'This preview link has expired: open the preview again from the Content Manager',
  'other-document': 'This preview token is for another resource',
} as const;

export default factories.createCoreController(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * GET /api/resource-previews/:documentId — a resource's DRAFT for the site's preview page. No user
   * session: the credential is the short-lived preview token the CMS signed for this document
   * (header x-haven-preview-token). Drafts are never served any other way on the content API.
   */
  async preview(ctx: Context) {
    const secret = process.env.PREVIEW_SECRET;
    if (!isPreviewSecret(secret)) throw new errors.NotFoundError('Preview is not enabled');
    const documentId = String(ctx.params.documentId ?? '');
    const token = ctx.get(PREVIEW_TOKEN_HEADER);
    const check = await checkPreviewToken(secret, token, documentId);
    // Answered here rather than thrown: Strapi's route authorisation turns a thrown 401/403 into a bare
    // "Unauthorized"/"Forbidden", and the editor should learn what to do.
    if (!check.ok) {
      ctx.set('Cache-Control', 'no-store');
      ctx.status = check.status;
      ctx.body = { data: null, error: { status: check.status, name: check.status === 403 ? 'ForbiddenError' : 'UnauthorizedError', message: REFUSALS[check.reason], details: {} } };
      return;
    }
    if (!isDocumentIdParam(documentId)) throw new errors.NotFoundError('No such resource');
    const draft: ResourceDraft | null = await strapi.service(UID).draftForPreview(documentId);
    if (!draft) throw new errors.NotFoundError('No such resource');
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Robots-Tag', 'noindex');
    ctx.body = { data: draftView(draft) };
  },
}));
