/** The export jobs' table (services/exports.ts): its uid, its row, and the typed Query Engine table. */
import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';

export const EXPORT_JOB_UID = 'plugin::privacy.export-job';

export type ExportState = 'queued' | 'running' | 'ready' | 'downloaded' | 'failed' | 'expired';

/** One export request. `sealed` (the zip, base64, sealed with `wrappedKey`) exists only while the job is ready. */
export interface ExportJobRow {
  id: number;
  documentId: string;
  userId: number;
  requestedBy: 'self' | 'staff';
  staffAdminId: number | null;
  state: ExportState;
  step: number;
  steps: number;
  currentPlugin: string | null;
  owner: string | null;
  leaseUntil: Date | string | number | null;
  attempts: number;
  keyVersion: number | null;
  wrappedKey: string | null;
  sealed: string | null;
  size: number | null;
  /** sha256 (hex) of the one-time download token; the token itself is never stored. */
  tokenHash: string | null;
  tokenExpiresAt: Date | string | number | null;
  requestedAt: Date | string | number;
  readyAt: Date | string | number | null;
  expiresAt: Date | string | number | null;
  downloadedAt: Date | string | number | null;
}

export const exportJobs = (strapi: Core.Strapi) => tableOf<ExportJobRow>(strapi, EXPORT_JOB_UID);
