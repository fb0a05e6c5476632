import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import type { Role } from '@haven/shared/profiles';
import { OPTIONAL_MAIL_PURPOSES, type MailSettings, type OptionalMailPurpose } from '@haven/shared/notifications';
import { documentsOf } from '@haven/shared/server/strapi';
import type { SiteUser, UploadedFile } from '../../../lib/context';
import { ownProfileView, type OwnProfileView } from '../views';

const UID = 'api::profile.profile';

export interface ProfileEntry {
  id: number;
  documentId: string;
  displayName: string;
  pronouns: string | null;
  timeZone: string;
  avatar?: { id: number; url: string } | null;
  /** The optional mail purposes this person turned off (notification settings); null: every kind on. */
  mailOff?: unknown;
}

export interface ProfileChanges {
  displayName?: string;
  pronouns?: string | null;
  timeZone?: string;
}

/** What a profile is written with. */
interface ProfileData extends ProfileChanges {
  user?: number;
  avatar?: number | null;
  mailOff?: OptionalMailPurpose[];
}

/** The upload plugin's service, as far as avatars use it (Strapi's plugin.service<T>() names what it answers). */
interface UploadService {
  upload(input: { data: { fileInfo: { alternativeText: string } }; files: UploadedFile }): Promise<{ id: number }[]>;
  remove(file: { id: number }): Promise<unknown>;
}

/** Profiles: every read and write of one, for the controller and for sign-up and the demo seed. */
export function profileService({ strapi }: { strapi: Core.Strapi }) {
  const profiles = () => documentsOf<ProfileEntry, ProfileData>(strapi, UID);
  const uploads = () => strapi.plugin('upload').service<UploadService>('upload');

  const service = {
    async findForUser(userId: number): Promise<ProfileEntry | null> {
      return profiles().findFirst({ filters: { user: { id: userId } }, populate: ['avatar'] });
    },

    async createForUser(userId: number, data: { displayName: string; pronouns?: string | null; timeZone: string }): Promise<ProfileEntry> {
      return profiles().create({ data: { ...data, user: userId }, populate: ['avatar'] });
    },

    /** The user's profile; accounts made outside sign-up (e.g. in the admin) get one the first time they look. */
    async ownProfile(user: { id: number; username: string }): Promise<ProfileEntry> {
      return (await service.findForUser(user.id)) ?? service.createForUser(user.id, { displayName: user.username, timeZone: 'UTC' });
    },

    async update(profile: ProfileEntry, changes: ProfileChanges): Promise<ProfileEntry> {
      return profiles().update({ documentId: profile.documentId, data: changes, populate: ['avatar'] });
    },

    /** Stores a (screened) picture as the profile's avatar and removes the one it replaces. */
    async replaceAvatar(profile: ProfileEntry, file: UploadedFile): Promise<ProfileEntry> {
      const [uploaded] = await uploads().upload({ data: { fileInfo: { alternativeText: `Avatar of ${profile.displayName}` } }, files: file });
      const previous = profile.avatar;
      const updated = await profiles().update({ documentId: profile.documentId, data: { avatar: uploaded.id }, populate: ['avatar'] });
      if (previous?.id) await uploads().remove(previous).catch((err: Error) => strapi.log.warn(`old avatar not removed: ${err.message}`));
      return updated;
    },

    /** Which optional kinds of mail this person receives (every kind is on unless turned off). */
    mailSettings(profile: ProfileEntry): MailSettings {
      const off = Array.isArray(profile.mailOff) ? profile.mailOff : [];
      return Object.fromEntries(OPTIONAL_MAIL_PURPOSES.map(({ purpose }) => [purpose, !off.includes(purpose)])) as MailSettings;
    },

    /** Saves the settings given (the others stay as they were); stored as the list of kinds turned off. */
    async updateMailSettings(profile: ProfileEntry, changes: Partial<MailSettings>): Promise<MailSettings> {
      const settings = { ...service.mailSettings(profile), ...changes };
      const mailOff = OPTIONAL_MAIL_PURPOSES.map(({ purpose }) => purpose).filter((purpose) => !settings[purpose]);
      return service.mailSettings(await profiles().update({ documentId: profile.documentId, data: { mailOff }, populate: ['avatar'] }));
    },

    /** The site role of an account ("client" or "therapist", from its users-permissions role type), else null. */
    async roleOf(userId: number): Promise<Role | null> {
      const user = (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: userId }, populate: ['role'] })) as { role?: { type?: string } } | null;
      const type = user?.role?.type;
      return type === 'client' || type === 'therapist' ? type : null;
    },

    /** The profile as its owner sees it, with the account's own username, email and role; never the relation back to the account. */
    toOwnView(profile: ProfileEntry, account: SiteUser, role: Role | null): OwnProfileView {
      const { avatar, ...fields } = profile;
      return ownProfileView.pick({ ...fields, pronouns: profile.pronouns ?? null, avatarUrl: avatar?.url ?? null, userId: account.id, username: account.username, email: account.email, role });
    },
  };
  return service;
}

export type ProfileService = ReturnType<typeof profileService>;

/** The profile service from anywhere in the CMS (stateless: the same functions Strapi registers under UID). */
export const profiles = (strapi: Core.Strapi): ProfileService => profileService({ strapi });

export default factories.createCoreService(UID, profileService);
