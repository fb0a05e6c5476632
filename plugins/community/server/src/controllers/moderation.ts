import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import * as v from '../lib/validation';
import type { Staff } from '../services/moderation';

/** The admin-panel user (admin::isAuthenticatedAdmin has let them through). */
const staff = (ctx: HavenContext) => ctx.state.user as unknown as Staff;

/** The admin API of the moderation page, under /community on the admin API (policies in routes/admin.ts). */
export default () =>
  withErrors({
    async queue(ctx: HavenContext) {
      const items = await getService('moderation').queue();
      ctx.body = { data: items, meta: { total: items.length } };
    },

    async alias(ctx: HavenContext) {
      const alias = parseOrThrow(v.aliasText, String(ctx.params.alias ?? ''));
      ctx.body = { data: await getService('moderation').alias(staff(ctx), alias) };
    },

    async act(ctx: HavenContext) {
      const input = parseOrThrow(v.moderationAction, bodyOf(ctx.request.body));
      ctx.body = { data: await getService('moderation').act(staff(ctx), input) };
    },

    async log(ctx: HavenContext) {
      const page = await getService('moderation').log(parseOrThrow(v.logQuery, ctx.query));
      ctx.body = { data: page.items, meta: { pagination: page.pagination } };
    },

    async watchedWords(ctx: HavenContext) {
      ctx.body = { data: await getService('moderation').watchedWords() };
    },

    async addWatchedWord(ctx: HavenContext) {
      const input = parseOrThrow(v.watchedWord, bodyOf(ctx.request.body));
      ctx.status = 201;
      ctx.body = { data: await getService('moderation').addWatchedWord(staff(ctx), input) };
    },

    async removeWatchedWord(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'watched word');
      ctx.body = { data: await getService('moderation').removeWatchedWord(staff(ctx), id) };
    },

    async reveal(ctx: HavenContext) {
      // Refused before the body is even read: only super admins may ask.
      getService('moderation').assertSuperAdmin(staff(ctx));
      const input = parseOrThrow(v.reveal, bodyOf(ctx.request.body));
      ctx.body = { data: await getService('moderation').reveal(staff(ctx), input) };
    },
  });
