import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { requestLocale, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import * as v from '../lib/validation';
import { created, siteUserId } from './request';

/** Replies: POST /posts/:id/replies, PUT and DELETE /replies/:id. */
export default () =>
  withErrors({
    async create(ctx: HavenContext) {
      parseOrThrow(v.localeQuery, ctx.query);
      const postId = idParam(ctx.params.id, 'post');
      const input = parseOrThrow(v.replyBody, bodyOf(ctx.request.body));
      const { item, outcome } = await getService('replies').create(siteUserId(ctx), postId, input, requestLocale(ctx));
      created(ctx, { data: item, meta: outcome });
    },

    async update(ctx: HavenContext) {
      parseOrThrow(v.localeQuery, ctx.query);
      const id = idParam(ctx.params.id, 'reply');
      const input = parseOrThrow(v.replyBody, bodyOf(ctx.request.body));
      const { item, outcome } = await getService('replies').update(siteUserId(ctx), id, input, requestLocale(ctx));
      ctx.body = { data: item, meta: outcome };
    },

    async delete(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'reply');
      ctx.body = { data: await getService('replies').remove(siteUserId(ctx), id) };
    },
  });
