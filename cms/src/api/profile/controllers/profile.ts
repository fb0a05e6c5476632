import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { SiteUser } from '../../../lib/context';
import { parseOrThrow, profileUpdate } from '../../../lib/validation';
import { screenUpload } from '../../../lib/uploads/screen';
import { profiles, type ProfileEntry } from '../services/profile';

const UID = 'api::profile.profile';
const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

/** Every action here works on the caller's own profile only: there is no id in these routes. */
export default factories.createCoreController(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => profiles(strapi);

  function caller(ctx: Context): SiteUser {
    const user: SiteUser | undefined = ctx.state.user;
    if (!user) throw new errors.UnauthorizedError('Log in to see your profile');
    return user;
  }

  /** The answer of every action: the profile with the account's own username, email and role. */
  async function answer(ctx: Context, user: SiteUser, profile: ProfileEntry) {
    ctx.body = { data: service().toOwnView(profile, user, await service().roleOf(user.id)) };
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
      await answer(ctx, user, await service().update(await service().ownProfile(user), changes));
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
