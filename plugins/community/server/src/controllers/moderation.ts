import type { Core } from '@strapi/strapi';
import { withErrors } from '../lib/errors';
import * as v from '../lib/validation';

/** The admin API of the moderation page, under /community on the admin API (policies in routes/admin.ts). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const moderation = () => strapi.plugin('community').service('moderation');
  const admin = (ctx: any) => ctx.state.user;

  return withErrors({
    async queue(ctx: any) {
      ctx.body = await moderation().queue();
    },

    async alias(ctx: any) {
      const alias = v.parse(v.reveal.shape.alias, String(ctx.params.alias ?? ''));
      ctx.body = await moderation().alias(alias);
    },

    async act(ctx: any) {
      const input = v.parse(v.moderationAction, v.bodyOf(ctx));
      ctx.body = await moderation().act(admin(ctx), input);
    },

    async log(ctx: any) {
      ctx.body = await moderation().log(v.parse(v.logQuery, ctx.query));
    },

    async watchedWords(ctx: any) {
      ctx.body = await moderation().watchedWords();
    },

    async addWatchedWord(ctx: any) {
      const input = v.parse(v.watchedWord, v.bodyOf(ctx));
      ctx.status = 201;
      ctx.body = await moderation().addWatchedWord(admin(ctx), input);
    },

    async removeWatchedWord(ctx: any) {
      const id = v.idParam(ctx.params.id, 'watched word');
      ctx.body = await moderation().removeWatchedWord(admin(ctx), id);
    },

    async reveal(ctx: any) {
      moderation().assertSuperAdmin(admin(ctx));
      const input = v.parse(v.reveal, v.bodyOf(ctx));
      ctx.body = await moderation().reveal(admin(ctx), input);
    },
  });
};
