import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { parseOrThrow, profileUpdate } from '../../../lib/validation';
import { screenUpload } from '../../../lib/uploads/screen';

const UID = 'api::profile.profile';
const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

/** Every action here works on the caller's own profile only: there is no id in these routes. */
export default factories.createCoreController(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => strapi.service(UID) as any;

  async function ownProfile(ctx: any) {
    const user = ctx.state.user;
    if (!user) throw new errors.UnauthorizedError('Log in to see your profile');
    let profile = await service().findForUser(user.id);
    // Accounts made outside sign-up (e.g. in the admin) get a profile the first time they look.
    if (!profile) profile = await service().createForUser(user.id, { displayName: user.username, timeZone: 'UTC' });
    return { user, profile };
  }

  async function roleOf(userId: number) {
    const user = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: userId }, populate: ['role'] });
    return user?.role?.type ?? null;
  }

  return {
    async me(ctx: any) {
      const { user, profile } = await ownProfile(ctx);
      ctx.body = {
        data: { ...service().toView(profile), username: user.username, email: user.email, role: await roleOf(user.id) },
      };
    },

    async updateMe(ctx: any) {
      const changes = parseOrThrow(profileUpdate, ctx.request.body?.data ?? ctx.request.body);
      const { user, profile } = await ownProfile(ctx);
      const updated = await strapi.documents(UID).update({ documentId: profile.documentId, data: changes as any, populate: ['avatar'] });
      ctx.body = {
        data: { ...service().toView(updated), username: user.username, email: user.email, role: await roleOf(user.id) },
      };
    },

    async uploadAvatar(ctx: any) {
      const file = ctx.request.files?.avatar ?? ctx.request.files?.file;
      const single = Array.isArray(file) ? file[0] : file;
      if (!single) throw new errors.ValidationError('Send the picture as multipart form field "avatar"');
      if (single.size > AVATAR_MAX_BYTES) throw new errors.ValidationError('The avatar must be at most 2 MB');
      // What the file is comes from its bytes; it is re-encoded without metadata (lib/uploads/screen.ts).
      await screenUpload(single, 'images');
      const { user, profile } = await ownProfile(ctx);
      const [uploaded] = await strapi
        .plugin('upload')
        .service('upload')
        .upload({ data: { fileInfo: { alternativeText: `Avatar of ${profile.displayName}` } }, files: single });
      const previous = profile.avatar;
      const updated = await strapi.documents(UID).update({ documentId: profile.documentId, data: { avatar: uploaded.id } as any, populate: ['avatar'] });
      if (previous?.id) {
        await strapi.plugin('upload').service('upload').remove(previous).catch((err: Error) => strapi.log.warn(`old avatar not removed: ${err.message}`));
      }
      ctx.body = { data: { ...service().toView(updated), username: user.username, email: user.email, role: await roleOf(user.id) } };
    },
  };
});
