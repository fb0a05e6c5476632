import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { requestLocale, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import type { EntrySaveMeta } from '@haven/shared/wellness';
import type { SavedEntry } from '../services/entries';
import { getService } from '../get-service';
import { createEntryBody, dateParam, entryBody, localeQuery, rangeQuery } from '../lib/validation';
import { siteUserId } from './request';

/** A save's meta: the crisis lines and the therapists told only when the reflection held crisis language (never blocked). */
const saveMeta = ({ created, crisis, therapistsTold }: SavedEntry): EntrySaveMeta => (crisis ? { created, crisis, therapistsTold } : { created, crisis: null });

/**
 * The caller's daily entries: GET /entries?from=&to=, GET|PUT|DELETE /entries/:date, POST /entries.
 * Saves take ?locale= (else Accept-Language) for the crisis lines.
 */
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
      const { locale } = parseOrThrow(localeQuery, ctx.query);
      const input = parseOrThrow(entryBody, bodyOf(ctx.request.body));
      const saved = await getService('entries').put(userId, date, input, { locale: requestLocale(ctx, locale ?? null) });
      ctx.status = saved.created ? 201 : 200;
      ctx.body = { data: saved.entry, meta: saveMeta(saved) };
    },

    /** Creates the day's entry; 409 when the day already has one. */
    async create(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const { locale } = parseOrThrow(localeQuery, ctx.query);
      const { date, ...input } = parseOrThrow(createEntryBody, bodyOf(ctx.request.body));
      const saved = await getService('entries').put(userId, date, input, { createOnly: true, locale: requestLocale(ctx, locale ?? null) });
      ctx.status = 201;
      ctx.body = { data: saved.entry, meta: saveMeta(saved) };
    },

    async delete(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const { date } = parseOrThrow(dateParam, { date: ctx.params.date });
      await getService('entries').remove(userId, date);
      ctx.status = 204;
      ctx.body = null;
    },
  });
