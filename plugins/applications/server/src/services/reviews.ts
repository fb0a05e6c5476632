/**
 * Staff's review of therapist applications: the lists (from people, the owner of therapist profiles,
 * with each applicant's document from this plugin), one application with its decisions, and the
 * decisions themselves. A decision changes the profile only from the statuses it may leave (a
 * conditional update in people), then is kept with its message, recorded in the audit log and
 * mailed to the applicant.
 */
import type { Core } from '@strapi/strapi';
import { sendMail, type StaffActor } from '@haven/shared/server/strapi';
import { epochMs } from '@haven/shared/server/db';
import { conflict, notFound } from '@haven/shared/errors';
import { audit } from '@haven/plugin-audit/public';
import { people, type Application, type ApplicationTab, type VerificationStatus } from '@haven/plugin-people/public';
import { config, getService } from '../get-service';
import type { Decision } from '../db/rows';
import { tables } from '../db/tables';
import { decisionMail } from '../lib/mails';
import type { DecisionInput } from '../lib/validation';
import type { DocumentInfo, OpenedDocument } from './documents';

export interface ApplicationRecord extends Application {
  document: DocumentInfo | null;
}

export interface DecisionRecord {
  id: string;
  decision: Decision;
  message: string;
  decidedBy: string;
  decidedAt: string;
}

export interface ApplicationDetail extends ApplicationRecord {
  decisions: DecisionRecord[];
}

export interface ApplicationPage {
  data: ApplicationRecord[];
  counts: Record<ApplicationTab, number>;
  pagination: { page: number; pageSize: number; total: number; pageCount: number };
}

export interface DecisionResult {
  application: ApplicationDetail;
  /** Whether the applicant's mail went out (a failed mail leaves the decision standing; staff see it). */
  mailed: boolean;
}

/** Which statuses each decision may leave, and where it goes. */
const TRANSITIONS: Record<Decision, { from: VerificationStatus[]; to: VerificationStatus }> = {
  approve: { from: ['pending', 'more-info'], to: 'verified' },
  reject: { from: ['pending', 'more-info'], to: 'rejected' },
  'more-info': { from: ['pending'], to: 'more-info' },
};

const STATUS_TEXT: Record<VerificationStatus, string> = { pending: 'waiting for review', 'more-info': 'waiting for the applicant', verified: 'already approved', rejected: 'already rejected' };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => getService('documents');
  const decisions = () => tables(strapi).decisions;

  async function withDocuments(applications: Application[]): Promise<ApplicationRecord[]> {
    const info = await documents().infoOf(applications.map((a) => a.userId));
    return applications.map((a) => ({ ...a, document: info.get(a.userId) ?? null }));
  }

  const service = {
    async list(tab: ApplicationTab, page: number, pageSize: number): Promise<ApplicationPage> {
      const found = await people.applications(tab, page, pageSize);
      return { data: await withDocuments(found.data), counts: found.counts, pagination: found.pagination };
    },

    /** One application with its document and decisions (newest first), or 404. */
    async detail(profileId: string): Promise<ApplicationDetail> {
      const application = await people.application(profileId);
      if (!application) throw notFound('No such application');
      const [record] = await withDocuments([application]);
      return { ...record, decisions: await service.decisionsOf(profileId) };
    },

    /**
     * An application's licence document, opened for staff; 404 when there is no such application or
     * document. Every opening is in the audit log (a licence is personal data), before the bytes leave.
     */
    async document(profileId: string, reader: StaffActor): Promise<OpenedDocument> {
      const application = await people.application(profileId);
      const opened = application ? await documents().open(application.userId) : null;
      if (!opened) throw notFound('This application has no licence document');
      await audit.record({
        actor: { kind: 'admin', id: reader.adminId, label: reader.label },
        action: 'applications.document.read',
        target: { type: 'applications.application', id: profileId },
        reason: 'Opened the licence document',
        ip: reader.ip,
      });
      return opened;
    },

    async decisionsOf(profileId: string): Promise<DecisionRecord[]> {
      const rows = await decisions().findMany({ where: { profileId }, orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }], limit: 50 });
      return rows.map((row) => ({ id: row.documentId, decision: row.decision, message: row.message, decidedBy: row.decidedBy, decidedAt: new Date(epochMs(row.decidedAt)).toISOString() }));
    },

    /**
     * Approves, rejects or asks for more. Unknown ids answer 404 and decisions a status may not take
     * 409, both before anything is written. Approving an expired licence is refused too.
     */
    async decide(profileId: string, input: DecisionInput, reviewer: StaffActor): Promise<DecisionResult> {
      const before = await people.application(profileId);
      if (!before) throw notFound('No such application');
      const transition = TRANSITIONS[input.decision];
      if (!transition.from.includes(before.status)) throw conflict(`This application is ${STATUS_TEXT[before.status]}: it cannot be given this decision`, { status: before.status });
      if (input.decision === 'approve' && before.flags.expired) throw conflict('This licence has expired: ask the applicant for a current one instead of approving', { status: before.status });
      const moved = await people.decideVerification(profileId, transition.from, transition.to, reviewer.label);
      if (!moved) throw conflict('Someone else decided on this application meanwhile: reload it', { status: before.status });

      await decisions().create({ data: { profileId, userId: before.userId, decision: input.decision, message: input.message, decidedBy: reviewer.label, decidedAt: new Date() } });
      await audit.record({
        actor: { kind: 'admin', id: reviewer.adminId, label: reviewer.label },
        action: `applications.${input.decision}`,
        target: { type: 'applications.application', id: profileId },
        reason: input.reason,
        ip: reviewer.ip,
        details: { from: before.status, to: transition.to, applicant: before.displayName.slice(0, 200) },
      });
      const mailed = await service.mailApplicant(before.userId, input.decision, input.message);
      return { application: await service.detail(profileId), mailed };
    },

    async mailApplicant(userId: number, decision: Decision, message: string): Promise<boolean> {
      const to = (await people.emails([userId], { purpose: 'account' })).get(userId);
      if (!to) return false;
      try {
        await sendMail(strapi, decisionMail(to, decision, message, config().siteUrl));
        return true;
      } catch (err) {
        strapi.log.error(`[applications] the ${decision} mail to applicant ${userId} failed: ${(err as Error).message}`);
        return false;
      }
    },
  };
  return service;
};
