/**
 * A person's own rows, for their export and erasure (issue 20): their account with its role, their
 * profile with its avatar, their therapist profile, their pending email changes and their activity
 * days (erased by the activity service, which also stops recording the account). Profiles are
 * deleted one by one through the Query Engine's `delete`, which also removes their relation rows
 * (the account link, the avatar's morph link); `deleteMany` would leave them.
 */
import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { ActivityRow, EmailChangeRow, OwnAccountRow, OwnProfileRow, OwnTherapistProfileRow } from './rows';
import { UID } from './uids';

export function ownRows(strapi: Core.Strapi) {
  const accounts = () => tableOf<OwnAccountRow>(strapi, UID.user);
  const profiles = () => tableOf<OwnProfileRow>(strapi, UID.profile);
  const therapistProfiles = () => tableOf<OwnTherapistProfileRow>(strapi, UID.therapistProfile);
  const emailChanges = () => tableOf<EmailChangeRow>(strapi, UID.emailChange);
  const activity = () => tableOf<ActivityRow>(strapi, UID.activity);
  const ofAccount = (userId: number) => ({ user: { id: userId } });

  return {
    account: (userId: number) => accounts().findOne({ where: { id: userId }, populate: { role: { select: ['name', 'type'] } } }),
    /** Every profile linked to the account (one, unless an admin linked another by hand). */
    profiles: (userId: number) => profiles().findMany({ where: ofAccount(userId), populate: { avatar: true }, orderBy: { id: 'asc' } }),
    therapistProfiles: (userId: number) => therapistProfiles().findMany({ where: ofAccount(userId), orderBy: { id: 'asc' } }),
    emailChanges: (userId: number) => emailChanges().findMany({ where: { userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    activityDays: (userId: number) => activity().findMany({ where: { userId }, select: ['day'], orderBy: { day: 'asc' } }),

    async deleteProfile(id: number): Promise<void> {
      await profiles().delete({ where: { id } });
    },
    async deleteTherapistProfile(id: number): Promise<void> {
      await therapistProfiles().delete({ where: { id } });
    },
    deleteEmailChanges: async (userId: number): Promise<number> => (await emailChanges().deleteMany({ where: { userId } })).count,
  };
}
