/**
 * The applicant's side: where their application stands, staff's latest message to them, their
 * document (upload, replace, read back) and a renewed licence's new expiry date. Only the account's
 * own application is ever touched; an account without one gets 404.
 */
import { badRequest, notFound } from '@haven/shared/errors';
import { people, type VerificationStatus } from '@haven/plugin-people/public';
import { getService } from '../get-service';
import type { DocumentInfo, OpenedDocument } from './documents';
import type { DecisionRecord } from './reviews';

export interface OwnApplication {
  id: string;
  status: VerificationStatus;
  licenceJurisdiction: string;
  licenceExpiry: string;
  expired: boolean;
  expiringSoon: boolean;
  /** Staff's latest decision with its message, if any. */
  lastDecision: Pick<DecisionRecord, 'decision' | 'message' | 'decidedAt'> | null;
  document: DocumentInfo | null;
}

const NO_APPLICATION = 'You have no therapist application: sign up as a therapist to apply';

export default () => {
  const own = async (userId: number) => {
    const application = await people.applicationOf(userId);
    if (!application) throw notFound(NO_APPLICATION);
    return application;
  };

  const service = {
    async mine(userId: number): Promise<OwnApplication> {
      const application = await own(userId);
      const [documents, decisions] = await Promise.all([getService('documents').infoOf([userId]), getService('reviews').decisionsOf(application.id)]);
      const last = decisions[0];
      return {
        id: application.id,
        status: application.status,
        licenceJurisdiction: application.licenceJurisdiction,
        licenceExpiry: application.licenceExpiry,
        expired: application.flags.expired,
        expiringSoon: application.flags.expiringSoon,
        lastDecision: last ? { decision: last.decision, message: last.message, decidedAt: last.decidedAt } : null,
        document: documents.get(userId) ?? null,
      };
    },

    /** Stores the document; an application staff asked more of goes back to waiting for review. */
    async upload(userId: number, bytes: Buffer, originalName: string | null): Promise<OwnApplication> {
      const application = await own(userId);
      await getService('documents').store(userId, bytes, originalName);
      if (application.status === 'more-info') await people.decideVerification(application.id, ['more-info'], 'pending', 'applicant');
      return service.mine(userId);
    },

    async download(userId: number): Promise<OpenedDocument> {
      await own(userId);
      const opened = await getService('documents').open(userId);
      if (!opened) throw notFound('You have not uploaded a licence document yet');
      return opened;
    },

    /** A renewed licence: a later expiry date, today or after (UTC); a verified therapist is listed again at once. */
    async renew(userId: number, licenceExpiry: string, now = new Date()): Promise<OwnApplication> {
      const application = await own(userId);
      if (licenceExpiry < now.toISOString().slice(0, 10)) throw badRequest('licenceExpiry must be today or later');
      if (licenceExpiry <= application.licenceExpiry) throw badRequest('licenceExpiry must be later than the date we have');
      await people.renewLicence(application.id, application.licenceExpiry, licenceExpiry);
      return service.mine(userId);
    },
  };
  return service;
};
