import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { SiteUser } from '../../../lib/context';
import { parseOrThrow, profileUpdate } from '../../../lib/validation';
import { mailSettingsUpdate } from '../../../lib/account/validation';
import { ALWAYS_SENT_MAIL_PURPOSES } from '@haven/shared/notifications';
import { screenUpload } from '../../../lib/uploads/screen';
import { profiles, type ProfileEntry } from '../services/profile';
import type { CrisisResources } from '@haven/plugin-safety/public';
import { screenFreeText } from '../../../lib/safety-screen';

const UID = 'api::profile.profile';
const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
const WHY_ALWAYS_SENT = { account: 'it tells you when someone acts on your account', safety: 'it tells a therapist that a client may be at risk' } as const;

/** Every action here works on the caller's own profile only: there is no id in these routes. */
export default factories.createCoreController(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => profiles(strapi);

  function caller(ctx: Context): SiteUser {
    const user: SiteUser | undefined = ctx.state.user;
    if (!user) throw new errors.UnauthorizedError('Log in to see your profile');
    return user;
  }

  /** The answer of every action: the profile with the account's own username, email and role. */
  async function answer(ctx: Context, user: SiteUser, profile: ProfileEntry, meta?: { crisis: CrisisResources }) {
    ctx.body = { data: service().toOwnView(profile, user, await service().roleOf(user.id)), ...(meta ? { meta } : {}) };
  }

  return {
    async me(ctx: Context) {
      const user = caller(ctx);
      await answer(ctx, user, await service().ownProfile(user));
    },

    async updateMe(ctx: Context) {
      const body: unknown = ctx.request.body;
      const changes = parseOrThrow(profileUpdate, (body as { data?: unknown } | undefined)?.data ?? body);
      const user = caller(ctx);
      const profile = await service().update(await service().ownProfile(user), changes);
      await answer(ctx, user, profile, screenFreeText(strapi, ctx, [changes.displayName, changes.pronouns], 'profile'));
    },

    /** Notification settings: which optional kinds of mail the caller receives; account and safety mail are always sent. */
    async notifications(ctx: Context) {
      const user = caller(ctx);
      ctx.body = { data: service().mailSettings(await service().ownProfile(user)), meta: { alwaysSent: ALWAYS_SENT_MAIL_PURPOSES } };
    },

    async updateNotifications(ctx: Context) {
      const body: unknown = ctx.request.body;
      const input = (body as { data?: unknown } | undefined)?.data ?? body;
      const fixed = input && typeof input === 'object' ? ALWAYS_SENT_MAIL_PURPOSES.filter((purpose) => purpose in input) : [];
      if (fixed.length) throw new errors.ValidationError(fixed.map((purpose) => `${purpose} mail cannot be turned off: ${WHY_ALWAYS_SENT[purpose]}`).join('; '), { errors: fixed.map((purpose) => ({ path: [purpose], message: 'cannot be turned off' })) });
      const changes = parseOrThrow(mailSettingsUpdate, input);
      const user = caller(ctx);
      ctx.body = { data: await service().updateMailSettings(await service().ownProfile(user), changes), meta: { alwaysSent: ALWAYS_SENT_MAIL_PURPOSES } };
    },

    async uploadAvatar(ctx: Context) {
      const file = ctx.request.files?.avatar ?? ctx.request.files?.file;
      const single = Array.isArray(file) ? file[0] : file;
      if (!single) throw new errors.ValidationError('Send the picture as multipart form field "avatar"');
      if (single.size > AVATAR_MAX_BYTES) throw new errors.ValidationError('The avatar must be at most 2 MB');
      // What the file is comes from its bytes; it is re-encoded without metadata (lib/uploads/screen.ts).
      await screenUpload(single, 'images');
      const user = caller(ctx);
      await answer(ctx, user, await service().replaceAvatar(await service().ownProfile(user), single));
    },
  };
});
