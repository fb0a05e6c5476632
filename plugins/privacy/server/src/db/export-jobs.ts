/** The export jobs' table (services/exports.ts): its uid, its row, and the typed Query Engine table. */
import type { Core } from '@strapi/strapi';
import { ensureIndexes } from '@haven/shared/server/db';
import { tableOf } from '@haven/shared/server/strapi';

export const EXPORT_JOB_UID = 'plugin::privacy.export-job';

import type { ExportState } from '@haven/shared/data-export';

export type { ExportState };

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
  /** Set while queued or running (null after): a unique index on it lets one export per requester and person run at a time. */
  activeKey: string | null;
}

/** The active key: one running export per person for themselves, and one per person and staff member. */
export const activeKeyOf = (userId: number, staffAdminId: number | null) => (staffAdminId === null ? `self:${userId}` : `staff:${staffAdminId}:${userId}`);

/** The unique index behind activeKey (NULLs never collide, on SQLite and PostgreSQL alike). */
export const ensureExportIndexes = (strapi: Core.Strapi) =>
  ensureIndexes(strapi, [
    {
      uid: EXPORT_JOB_UID,
      name: 'privacy_export_jobs_active_key_unique',
      attributes: ['activeKey'],
      unique: true,
    },
    {
      uid: EXPORT_JOB_UID,
      name: 'privacy_export_jobs_user_requested',
      attributes: ['userId', 'requestedAt'],
    },
  ]);

export const exportJobs = (strapi: Core.Strapi) => tableOf<ExportJobRow>(strapi, EXPORT_JOB_UID);
