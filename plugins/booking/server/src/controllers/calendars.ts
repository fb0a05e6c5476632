import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { calendarInput, emptyQuery } from '../lib/validation';
import { getService } from '../get-service';
import { therapistUserId } from './context';

/** The signed-in therapist's external calendars. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      ctx.body = { data: await getService('calendars').list(await therapistUserId(ctx)) };
    },

    async create(ctx: HavenContext) {
      const input = parseOrThrow(calendarInput, bodyOf(ctx.request.body));
      const userId = await therapistUserId(ctx);
      ctx.status = 201;
      ctx.body = { data: await getService('calendars').add(userId, input) };
    },

    async refresh(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'calendar');
      ctx.body = { data: await getService('calendars').refresh(await therapistUserId(ctx), id) };
    },

    async delete(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'calendar');
      await getService('calendars').remove(await therapistUserId(ctx), id);
      ctx.body = { data: { id, deleted: true } };
    },
  });
