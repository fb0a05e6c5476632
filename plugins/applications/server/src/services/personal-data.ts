/**
 * The applicant's own data (issue 20): their application as people holds it (licence, status),
 * staff's decisions on it (the messages mailed to them), their sealed licence documents (metadata
 * only in the export: the bytes can be downloaded from the application page) and the licence-expiry
 * notices sent to them. Erasure deletes all of it: the sealed bytes live in the documents rows, so
 * deleting a row destroys the document (no file on disk or in the upload provider).
 */
import type { Core } from '@strapi/strapi';
import { epochMs } from '@haven/shared/server/db';
import type { ErasureOutcome, ErasureRequest, PersonalDataSections } from '@haven/shared/server/personal-data';
import { people } from '@haven/plugin-people/public';
import { tables } from '../db/tables';

const iso = (value: unknown): string => new Date(epochMs(value)).toISOString();

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => tables(strapi);

  /** Every therapist profile id the account's rows name: its current profile, and any its decisions recorded (a profile deleted earlier). */
  async function profileIdsOf(userId: number): Promise<string[]> {
    const [current, decided] = await Promise.all([people.therapistProfileIds([userId]), db().decisions.findMany({ where: { userId }, select: ['profileId'] })]);
    const ids = new Set(decided.map((row) => row.profileId));
    const own = current.get(userId);
    if (own) ids.add(own);
    return [...ids];
  }

  return {
    async export(userId: number): Promise<PersonalDataSections> {
      const [application, profileIds, documents, decisions] = await Promise.all([
        people.applicationOf(userId),
        profileIdsOf(userId),
        db().documents.findMany({ where: { userId }, select: ['fileName', 'mime', 'size', 'uploadedAt'], orderBy: { uploadedAt: 'asc' } }),
        db().decisions.findMany({ where: { userId }, select: ['decision', 'message', 'decidedAt'], orderBy: [{ decidedAt: 'asc' }, { id: 'asc' }] }),
      ]);
      const notices = profileIds.length ? await db().expiryNotices.findMany({ where: { profileId: { $in: profileIds } }, select: ['licenceExpiry', 'sentAt'], orderBy: { sentAt: 'asc' } }) : [];
      return {
        // Who verified it (a staff member) is staff's record, not the applicant's data: left out.
        application: application
          ? {
              status: application.status,
              licenceNumber: application.licenceNumber,
              licenceJurisdiction: application.licenceJurisdiction,
              licenceExpiry: application.licenceExpiry,
              submittedAt: application.submittedAt,
              verifiedAt: application.verifiedAt,
            }
          : null,
        // Staff's decisions and the messages mailed with them, oldest first: the application's status history.
        statusHistory: decisions.map((row) => ({ decision: row.decision, message: row.message, decidedAt: iso(row.decidedAt) })),
        licenceDocuments: documents.map((row) => ({ fileName: row.fileName, mime: row.mime, size: Number(row.size), uploadedAt: iso(row.uploadedAt) })),
        expiryNotices: notices.map((row) => ({ licenceExpiry: row.licenceExpiry, sentAt: iso(row.sentAt) })),
      };
    },

    async erase(request: ErasureRequest): Promise<ErasureOutcome> {
      const { userId } = request;
      // Read the profile ids before the decisions that may be the only rows still naming them go.
      const profileIds = await profileIdsOf(userId);
      const counts = await strapi.db.transaction(async () => {
        const documents = await db().documents.deleteMany({ where: { userId } });
        const decisions = await db().decisions.deleteMany({ where: { userId } });
        const notices = profileIds.length ? await db().expiryNotices.deleteMany({ where: { profileId: { $in: profileIds } } }) : { count: 0 };
        return { licenceDocuments: documents.count, decisions: decisions.count, expiryNotices: notices.count };
      });
      const erased = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
      return { erased, kept: {} };
    },
  };
};
