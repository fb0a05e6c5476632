import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { emptyQuery, listQuery, markInput, receiptQuery } from '../lib/validation';
import { getService } from '../get-service';

/** Payment history, receipts, and therapists marking direct payments paid or waived. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      const query = parseOrThrow(listQuery, ctx.query);
      ctx.body = await getService('history').list(siteUserId(ctx), query);
    },

    async findOne(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      const id = idParam(ctx.params.id, 'payment');
      const userId = siteUserId(ctx);
      const row = await getService('history').findForUser(userId, id);
      ctx.body = { data: (await getService('history').views(userId, [row]))[0] };
    },

    async receipt(ctx: HavenContext) {
      const { format } = parseOrThrow(receiptQuery, ctx.query);
      const id = idParam(ctx.params.id, 'payment');
      const userId = siteUserId(ctx);
      ctx.set('Cache-Control', 'private, no-store');
      if (format === 'pdf') {
        ctx.body = await getService('receipts').pdf(userId, id);
        ctx.set('Content-Type', 'application/pdf');
        ctx.set('Content-Disposition', `inline; filename="haven-receipt-${id}.pdf"`);
      } else {
        ctx.body = await getService('receipts').html(userId, id);
        ctx.set('Content-Type', 'text/html; charset=utf-8');
        ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
      }
    },

    async mark(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'payment');
      const input = parseOrThrow(markInput, bodyOf(ctx.request.body));
      const userId = siteUserId(ctx);
      const row = await getService('manual').mark({ kind: 'therapist', userId }, id, input);
      ctx.body = { data: (await getService('history').views(userId, [row]))[0] };
    },

    /** The therapist undoes their own mark within the undo window (409 after it). */
    async unmark(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      const id = idParam(ctx.params.id, 'payment');
      parseOrThrow(emptyQuery, bodyOf(ctx.request.body));
      const userId = siteUserId(ctx);
      const row = await getService('manual').unmark(userId, id);
      ctx.body = { data: (await getService('history').views(userId, [row]))[0] };
    },
  });
