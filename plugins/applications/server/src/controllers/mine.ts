/** The applicant's own routes (therapist accounts; granted in cms/src/bootstrap/site-roles.ts). */
import fs from 'node:fs/promises';
import { z } from 'zod';
import { badRequest, tooLarge } from '@haven/shared/errors';
import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { DOCUMENT_FORMATS_TEXT, DOCUMENT_MAX_BYTES } from '../lib/document-format';
import { isoDay } from '../lib/validation';
import { ownApplication } from '../views';
import { applicantId, sendDocument, uploadedFile } from './request';

const renewal = z.object({ licenceExpiry: isoDay }).strict();

export default () =>
  withErrors({
    /** GET /api/applications/mine */
    async find(ctx: HavenContext) {
      ctx.body = { data: ownApplication(await getService('applicant').mine(applicantId(ctx))) };
    },

    /** POST /api/applications/mine/document (multipart field "document"): upload or replace. */
    async upload(ctx: HavenContext) {
      const userId = applicantId(ctx);
      const file = uploadedFile(ctx);
      if (!file) throw badRequest(`Send the licence document as multipart form field "document": ${DOCUMENT_FORMATS_TEXT}`);
      try {
        // The size is known before a byte is read; Content-Length was bounded before parsing (cms body limits).
        if (file.size > DOCUMENT_MAX_BYTES) throw tooLarge(`The document is too large: send ${DOCUMENT_FORMATS_TEXT}`);
        const bytes = await fs.readFile(file.filepath);
        ctx.body = { data: ownApplication(await getService('applicant').upload(userId, bytes, file.originalFilename ?? null)) };
      } finally {
        await fs.rm(file.filepath, { force: true });
      }
    },

    /** GET /api/applications/mine/document: one's own document back, as a download. */
    async download(ctx: HavenContext) {
      sendDocument(ctx, await getService('applicant').download(applicantId(ctx)));
    },

    /** PUT /api/applications/mine/licence { licenceExpiry }: a renewed licence's new expiry date. */
    async renew(ctx: HavenContext) {
      const userId = applicantId(ctx);
      const { licenceExpiry } = parseOrThrow(renewal, bodyOf(ctx.request.body));
      ctx.body = { data: ownApplication(await getService('applicant').renew(userId, licenceExpiry)) };
    },
  });
