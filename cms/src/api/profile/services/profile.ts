import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';

const UID = 'api::profile.profile';

export interface ProfileView {
  displayName: string;
  pronouns: string | null;
  timeZone: string;
  avatarUrl: string | null;
}

export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  async findForUser(userId: number) {
    return strapi.documents(UID).findFirst({ filters: { user: { id: userId } }, populate: ['avatar'] });
  },

  async createForUser(userId: number, data: { displayName: string; pronouns?: string | null; timeZone: string }) {
    return strapi.documents(UID).create({ data: { ...data, user: userId } as any, populate: ['avatar'] });
  },

  /** The profile as its owner sees it; never includes the relation back to the account. */
  toView(profile: any): ProfileView {
    return {
      displayName: profile.displayName,
      pronouns: profile.pronouns ?? null,
      timeZone: profile.timeZone,
      avatarUrl: profile.avatar?.url ?? null,
    };
  },
}));
