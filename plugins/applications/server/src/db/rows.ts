/** The rows of the plugin's tables, typed once. */

/** A licence document, sealed: `sealed` opens only with the applicant's data key (`wrappedKey`). */
export interface DocumentRow {
  id: number;
  documentId: string;
  userId: number;
  fileName: string;
  mime: string;
  size: number;
  keyVersion: number;
  wrappedKey: string;
  sealed: string;
  uploadedAt: Date | string | number;
}

export type Decision = 'approve' | 'reject' | 'more-info';

export interface DecisionRow {
  id: number;
  documentId: string;
  profileId: string;
  userId: number;
  decision: Decision;
  message: string;
  decidedBy: string;
  decidedAt: Date | string | number;
}

export interface ExpiryNoticeRow {
  id: number;
  profileId: string;
  /** 'YYYY-MM-DD': a renewed licence that expires again gets a notice of its own. */
  licenceExpiry: string;
  sentAt: Date | string | number;
}
