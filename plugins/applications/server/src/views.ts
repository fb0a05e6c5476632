/**
 * The plugin's answers by allow-list (@haven/shared/view): exactly these fields leave the server.
 * Staff views carry the email and licence number (admin routes only); the applicant's own view does not.
 */
import type { ApplicationDecisionView, ApplicationFlags, ApplicationDetailView, ApplicationView, LicenceDocumentInfo, OwnApplicationView } from '@haven/shared/applications';
import { publicView, type Proof, type SameFields, type ViewOf } from '@haven/shared/view';
import type { DocumentInfo } from './services/documents';
import type { OwnApplication } from './services/applicant';
import type { ApplicationDetail, ApplicationRecord, DecisionRecord } from './services/reviews';

const STAFF_FIELDS = ['id', 'displayName', 'email', 'licenceNumber', 'licenceJurisdiction', 'licenceExpiry', 'status', 'submittedAt', 'waitingDays', 'verifiedAt', 'verifiedBy', 'flags', 'document'] as const;

export const documentView = publicView<DocumentInfo>()('fileName', 'mime', 'size', 'uploadedAt');
export const flagsView = publicView<ApplicationRecord['flags']>()('duplicate', 'sharedWith', 'expired', 'expiringSoon');
export const applicationView = publicView<ApplicationRecord>()(...STAFF_FIELDS);
export const decisionView = publicView<DecisionRecord>()('id', 'decision', 'message', 'decidedBy', 'decidedAt');
export const detailView = publicView<ApplicationDetail>()(...STAFF_FIELDS, 'decisions');
export const ownApplicationView = publicView<OwnApplication>()('id', 'status', 'licenceJurisdiction', 'licenceExpiry', 'expired', 'expiringSoon', 'lastDecision', 'document');

/** An application for staff: nested document and decisions picked by their own views too. */
export function staffApplication(record: ApplicationRecord): ApplicationView {
  return { ...applicationView.pick(record), flags: flagsView.pick(record.flags), document: documentView.pick(record.document) };
}

export function staffDetail(detail: ApplicationDetail): ApplicationDetailView {
  return { ...staffApplication(detail), decisions: decisionView.pickAll(detail.decisions) };
}

export function ownApplication(own: OwnApplication): OwnApplicationView {
  return { ...ownApplicationView.pick(own), document: documentView.pick(own.document) };
}

export type ViewProofs = [
  Proof<SameFields<ViewOf<typeof applicationView>, ApplicationView>>,
  Proof<SameFields<ViewOf<typeof detailView>, ApplicationDetailView>>,
  Proof<SameFields<ViewOf<typeof decisionView>, ApplicationDecisionView>>,
  Proof<SameFields<ViewOf<typeof documentView>, LicenceDocumentInfo>>,
  Proof<SameFields<ViewOf<typeof flagsView>, ApplicationFlags>>,
  Proof<SameFields<ViewOf<typeof ownApplicationView>, OwnApplicationView>>,
];
