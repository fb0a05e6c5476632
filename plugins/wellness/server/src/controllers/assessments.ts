import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { requestLocale, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { assessmentBody, assessmentQuery, localeQuery } from '../lib/validation';
import { siteUserId } from './request';

/** PHQ-9 and GAD-7: GET /assessments?kind=&from=&to=, POST /assessments?locale=, DELETE /assessments/:id. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const { kind, locale: _locale, ...range } = parseOrThrow(assessmentQuery, ctx.query);
      const resolved = await getService('entries').rangeFor(userId, range, 365);
      ctx.body = { data: await getService('assessments').list(userId, resolved, kind), meta: { range: resolved } };
    },

    /** 201 with the score and band; with `meta.crisis` (lines for the locale) when PHQ-9 item 9 is above 0. */
    async create(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const { locale } = parseOrThrow(localeQuery, ctx.query);
      const input = parseOrThrow(assessmentBody, bodyOf(ctx.request.body));
      const result = await getService('assessments').submit(userId, input, requestLocale(ctx, locale ?? null));
      ctx.status = 201;
      ctx.body = { data: result.assessment, meta: { crisis: result.crisis, therapistsNotified: result.therapistsNotified } };
    },

    async delete(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const id = idParam(ctx.params.id, 'assessment');
      await getService('assessments').remove(userId, id);
      ctx.status = 204;
      ctx.body = null;
    },
  });
