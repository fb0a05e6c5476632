import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { requestLocale, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import * as v from '../lib/validation';
import { created, siteUserId } from './request';

/** Posts under /api/community/posts (and /my/posts). */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      const query = parseOrThrow(v.listQuery, ctx.query);
      const page = await getService('posts').list(siteUserId(ctx), query);
      ctx.body = { data: page.items, meta: { pagination: page.pagination } };
    },

    async mine(ctx: HavenContext) {
      const query = parseOrThrow(v.myPostsQuery, ctx.query);
      const page = await getService('posts').mine(siteUserId(ctx), query);
      ctx.body = { data: page.items, meta: { pagination: page.pagination } };
    },

    async findOne(ctx: HavenContext) {
      parseOrThrow(v.localeQuery, ctx.query);
      const id = idParam(ctx.params.id, 'post');
      ctx.body = { data: await getService('posts').findOne(siteUserId(ctx), id) };
    },

    async create(ctx: HavenContext) {
      parseOrThrow(v.localeQuery, ctx.query);
      const input = parseOrThrow(v.createPost, bodyOf(ctx.request.body));
      const { item, outcome } = await getService('posts').create(siteUserId(ctx), input, requestLocale(ctx));
      created(ctx, { data: item, meta: outcome });
    },

    async update(ctx: HavenContext) {
      parseOrThrow(v.localeQuery, ctx.query);
      const id = idParam(ctx.params.id, 'post');
      const input = parseOrThrow(v.updatePost, bodyOf(ctx.request.body));
      const { item, outcome } = await getService('posts').update(siteUserId(ctx), id, input, requestLocale(ctx));
      ctx.body = { data: item, meta: outcome };
    },

    async delete(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'post');
      ctx.body = { data: await getService('posts').remove(siteUserId(ctx), id) };
    },
  });
