/**
 * Therapist applications as the admin page and the applicant's site page read them (browser-safe
 * types; the applications plugin's views.ts proves its answers match them).
 */
export const APPLICATION_TABS = ['waiting', 'approved', 'rejected', 'expiring'] as const;
export type ApplicationTab = (typeof APPLICATION_TABS)[number];

/** more-info: staff asked the applicant for more; like pending, not verified. */
export type VerificationStatus = 'pending' | 'verified' | 'rejected' | 'more-info';
export type ApplicationDecision = 'approve' | 'reject' | 'more-info';

/** The largest licence document accepted (PDF, JPEG or PNG, decided from the bytes). */
export const LICENCE_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

export interface ApplicationFlags {
  /** Another profile holds the same licence number and jurisdiction. */
  duplicate: boolean;
  /** How many other profiles hold it. */
  sharedWith: number;
  expired: boolean;
  /** Expires within 30 days. */
  expiringSoon: boolean;
}

export interface LicenceDocumentInfo {
  fileName: string;
  mime: string;
  size: number;
  uploadedAt: string;
}

/** One application in a staff list (staff only: email and licence number). */
export interface ApplicationView {
  /** The therapist profile's public id. */
  id: string;
  displayName: string;
  email: string | null;
  licenceNumber: string;
  licenceJurisdiction: string;
  /** 'YYYY-MM-DD'. */
  licenceExpiry: string;
  status: VerificationStatus;
  submittedAt: string | null;
  /** Whole days waiting, while the application waits; else null. */
  waitingDays: number | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  flags: ApplicationFlags;
  document: LicenceDocumentInfo | null;
}

export interface ApplicationDecisionView {
  id: string;
  decision: ApplicationDecision;
  message: string;
  decidedBy: string;
  decidedAt: string;
}

export interface ApplicationDetailView extends ApplicationView {
  decisions: ApplicationDecisionView[];
}

export interface ApplicationListMeta {
  counts: Record<ApplicationTab, number>;
  pagination: { page: number; pageSize: number; total: number; pageCount: number };
}

/** The applicant's own application (no licence number: the site shows it from the therapist profile). */
export interface OwnApplicationView {
  id: string;
  status: VerificationStatus;
  licenceJurisdiction: string;
  licenceExpiry: string;
  expired: boolean;
  expiringSoon: boolean;
  lastDecision: { decision: ApplicationDecision; message: string; decidedAt: string } | null;
  document: LicenceDocumentInfo | null;
}
