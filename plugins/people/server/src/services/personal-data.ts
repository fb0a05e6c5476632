/**
 * The person's own account data held by people and the CMS's profile types (issue 20): the account
 * (username, email, role, standing), the profile (display name, pronouns, time zone, avatar, mail
 * settings), the therapist profile (practice and licence fields, verification), pending email
 * changes and the days they used the site.
 *
 * Erasure removes all of it except the users-permissions account row, which the privacy plugin
 * deletes last (after every other hook has run on it). Avatars are removed through Strapi's upload
 * service, which deletes the bytes from whichever provider holds them (local disk or S3) and the
 * file row; then the rows go in one transaction. The per-day and per-week activity counts hold no
 * account and stay as they are, so staff's past figures do not change.
 */
import type { Core } from '@strapi/strapi';
import { dayText, isoOrNull } from '@haven/shared/server/db';
import { OPTIONAL_MAIL_PURPOSES } from '@haven/shared/notifications';
import type { ErasureOutcome, ErasureRequest, PersonalDataSections } from '@haven/shared/server/personal-data';
import { mailOffList } from '../db/email-join';
import { ownRows } from '../db/personal-data';
import type { UploadFileRow } from '../db/rows';
import { getService } from '../get-service';

/** Strapi's upload service, as far as erasure uses it: `remove` deletes the bytes (every format) from the provider, then the file row. */
interface UploadService {
  remove(file: UploadFileRow): Promise<unknown>;
}

const jsonList = (value: unknown): unknown[] => {
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }
  return Array.isArray(value) ? value : [];
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => ownRows(strapi);
  const uploads = () => strapi.plugin('upload').service<UploadService>('upload');

  return {
    async export(userId: number): Promise<PersonalDataSections> {
      const [account, profiles, therapistProfiles, emailChanges, activity] = await Promise.all([
        rows().account(userId),
        rows().profiles(userId),
        rows().therapistProfiles(userId),
        rows().emailChanges(userId),
        rows().activityDays(userId),
      ]);
      return {
        account: account
          ? {
              username: account.username,
              email: account.email,
              createdAt: isoOrNull(account.createdAt),
              role: account.role?.name ?? null,
              confirmed: Boolean(account.confirmed),
              blocked: Boolean(account.blocked),
            }
          : null,
        profiles: profiles.map((profile) => {
          const off = mailOffList(profile.mailOff);
          return {
            displayName: profile.displayName,
            pronouns: profile.pronouns,
            timeZone: profile.timeZone,
            createdAt: isoOrNull(profile.createdAt),
            // The file's name and size (kilobytes, as the upload plugin keeps it), not its address: the picture itself is on the profile page.
            avatar: profile.avatar ? { fileName: profile.avatar.name, mime: profile.avatar.mime, sizeKb: profile.avatar.size === null ? null : Number(profile.avatar.size) } : null,
            mailSettings: Object.fromEntries(OPTIONAL_MAIL_PURPOSES.map(({ purpose }) => [purpose, !off.includes(purpose)])),
          };
        }),
        // Who verified the profile is staff's record, not the therapist's data: only when.
        therapistProfiles: therapistProfiles.map((t) => ({
          licenceNumber: t.licenceNumber,
          licenceJurisdiction: t.licenceJurisdiction,
          licenceExpiry: t.licenceExpiry ? dayText(t.licenceExpiry) : null,
          specialties: jsonList(t.specialties),
          languages: jsonList(t.languages),
          bio: t.bio,
          sessionLengthMinutes: t.sessionLengthMinutes === null ? null : Number(t.sessionLengthMinutes),
          rateMinor: t.rateMinor === null ? null : Number(t.rateMinor),
          currency: t.currency,
          verificationStatus: t.verificationStatus,
          verifiedAt: isoOrNull(t.verifiedAt),
          featured: Boolean(t.featured),
          createdAt: isoOrNull(t.createdAt),
        })),
        // The new address asked for and what became of it; the link's token (stored as a hash) is a secret.
        emailChanges: emailChanges.map((change) => ({
          newEmail: change.newEmail,
          status: change.status,
          requestedAt: isoOrNull(change.createdAt),
          expiresAt: isoOrNull(change.expiresAt),
          usedAt: isoOrNull(change.usedAt),
        })),
        activityDays: activity.map((row) => row.day),
      };
    },

    async erase(request: ErasureRequest): Promise<ErasureOutcome> {
      const { userId } = request;
      const [profiles, therapistProfiles] = await Promise.all([rows().profiles(userId), rows().therapistProfiles(userId)]);
      // Files first: a provider that fails stops the erasure with the profile still pointing at its avatar, so a retry finds it again.
      let avatarFiles = 0;
      for (const profile of profiles) {
        if (!profile.avatar) continue;
        await uploads().remove(profile.avatar);
        avatarFiles += 1;
      }
      const activityDays = await getService('activity').erase(userId);
      const counts = await strapi.db.transaction(async () => {
        for (const profile of profiles) await rows().deleteProfile(profile.id);
        for (const therapistProfile of therapistProfiles) await rows().deleteTherapistProfile(therapistProfile.id);
        return {
          profiles: profiles.length,
          therapistProfiles: therapistProfiles.length,
          emailChanges: await rows().deleteEmailChanges(userId),
        };
      });
      const erased = Object.fromEntries(Object.entries({ avatarFiles, ...counts, activityDays }).filter(([, n]) => n > 0));
      return { erased, kept: {} };
    },
  };
};
