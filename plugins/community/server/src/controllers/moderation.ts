import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { adminUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import * as v from '../lib/validation';
import type { Staff } from '../services/moderation';

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Role codes of an admin-panel user as the admin API populates them (`roles: [{ code, ... }]`). */
function roleCodes(roles: unknown): { code: string }[] {
  if (!Array.isArray(roles)) return [];
  const codes: { code: string }[] = [];
  for (const role of roles) {
    if (role && typeof role === 'object' && 'code' in role && typeof role.code === 'string') codes.push({ code: role.code });
  }
  return codes;
}

/** The admin-panel user (admin::isAuthenticatedAdmin has let them through): the fields moderation logs and checks. */
function staff(ctx: HavenContext): Staff {
  const id = adminUserId(ctx);
  const user = ctx.state.user ?? { id };
  return {
    id,
    ...(typeof user.documentId === 'string' ? { documentId: user.documentId } : {}),
    firstname: textOrNull(user.firstname),
    lastname: textOrNull(user.lastname),
    username: textOrNull(user.username),
    roles: roleCodes(user.roles),
    ip: textOrNull(ctx.request.ip),
  };
}

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

    /** POST /queue/:target/:id/notice: a private message to the member behind the item's alias; answers { sent, alias } only. */
    async notice(ctx: HavenContext) {
      const target = parseOrThrow(v.noticeTarget, String(ctx.params.target ?? ''));
      const id = idParam(ctx.params.id, target);
      const input = parseOrThrow(v.notice, bodyOf(ctx.request.body));
      ctx.status = 201;
      ctx.body = { data: await getService('moderation').sendNotice(staff(ctx), target, id, input) };
    },

    async reveal(ctx: HavenContext) {
      // Refused before the body is even read: only super admins may ask.
      getService('moderation').assertSuperAdmin(staff(ctx));
      const input = parseOrThrow(v.reveal, bodyOf(ctx.request.body));
      ctx.body = { data: await getService('moderation').reveal(staff(ctx), input) };
    },
  });
