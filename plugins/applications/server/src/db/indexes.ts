/**
 * Indexes the schema files cannot express. The unique ones carry rules the code relies on under
 * parallel requests and several processes: one licence document per account (a replacement
 * updates it), one expiry notice per profile and expired date (the first process to insert mails).
 */
import type { Core } from '@strapi/strapi';
import { ensureIndexes as create, type IndexSpec } from '@haven/shared/server/db';
import { UID } from './uids';

const INDEXES: IndexSpec[] = [
  { uid: UID.document, name: 'applications_documents_user_uq', attributes: ['userId'], unique: true },
  { uid: UID.expiryNotice, name: 'applications_expiry_notices_uq', attributes: ['profileId', 'licenceExpiry'], unique: true },
  { uid: UID.decision, name: 'applications_decisions_profile_idx', attributes: ['profileId', 'decidedAt'] },
];

export const ensureIndexes = (strapi: Core.Strapi) => create(strapi, INDEXES);
