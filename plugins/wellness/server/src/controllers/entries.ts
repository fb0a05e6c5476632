import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { createEntryBody, dateParam, entryBody, rangeQuery } from '../lib/validation';
import { siteUserId } from './request';

/** The caller's daily entries: GET /entries?from=&to=, GET|PUT|DELETE /entries/:date, POST /entries. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const range = await getService('entries').rangeFor(userId, parseOrThrow(rangeQuery, ctx.query));
      ctx.body = { data: await getService('entries').list(userId, range, { reflections: true }), meta: { range } };
    },

    async findOne(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const { date } = parseOrThrow(dateParam, { date: ctx.params.date });
      ctx.body = { data: await getService('entries').findOne(userId, date) };
    },

    /** Creates or replaces the day's entry: 201 when created, 200 when replaced. */
    async put(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const { date } = parseOrThrow(dateParam, { date: ctx.params.date });
      const input = parseOrThrow(entryBody, bodyOf(ctx.request.body));
      const { entry, created } = await getService('entries').put(userId, date, input);
      ctx.status = created ? 201 : 200;
      ctx.body = { data: entry, meta: { created } };
    },

    /** Creates the day's entry; 409 when the day already has one. */
    async create(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const { date, ...input } = parseOrThrow(createEntryBody, bodyOf(ctx.request.body));
      const { entry } = await getService('entries').put(userId, date, input, { createOnly: true });
      ctx.status = 201;
      ctx.body = { data: entry, meta: { created: true } };
    },

    async delete(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const { date } = parseOrThrow(dateParam, { date: ctx.params.date });
      await getService('entries').remove(userId, date);
      ctx.status = 204;
      ctx.body = null;
    },
  });
