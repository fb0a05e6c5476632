/**
 * Licence documents, sealed at rest: each upload gets a fresh data key (envelope encryption,
 * @haven/shared/server/envelope), wrapped by the current master key and stored beside the sealed
 * bytes in the plugin's own table, so any process holding the master keys opens it on either
 * database. One document per account: a new upload replaces the old one. The bytes are checked
 * (size first, then what they are) before anything is sealed or written.
 */
import type { Core } from '@strapi/strapi';
import { lazyEnvelope, rewrapAll, type RotationProgress, type RotationResult } from '@haven/shared/server/envelope';
import { epochMs, isUniqueViolation } from '@haven/shared/server/db';
import { badRequest, tooLarge, unavailable } from '@haven/shared/errors';
import { keyringOf } from '../config';
import { config } from '../get-service';
import type { DocumentRow } from '../db/rows';
import { tables } from '../db/tables';
import { DOCUMENT_FORMATS_TEXT, DOCUMENT_MAX_BYTES, sniffDocument, storedName } from '../lib/document-format';

/** Bound into every wrap and seal: licence documents never open as another feature's data. */
export const ENVELOPE_CONTEXT = 'haven.applications';
const RECORD = 'licence-document';
const ownerOf = (userId: number) => `applicant:${userId}`;

/** What staff and the applicant see of a document (never its bytes or keys). */
export interface DocumentInfo {
  fileName: string;
  mime: string;
  size: number;
  uploadedAt: string;
}

export interface OpenedDocument {
  fileName: string;
  mime: string;
  bytes: Buffer;
}

const infoOf = (row: Pick<DocumentRow, 'fileName' | 'mime' | 'size' | 'uploadedAt'>): DocumentInfo => ({
  fileName: row.fileName,
  mime: row.mime,
  size: Number(row.size),
  uploadedAt: new Date(epochMs(row.uploadedAt)).toISOString(),
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => tables(strapi).documents;
  const sealing = lazyEnvelope(() => keyringOf(config()), ENVELOPE_CONTEXT, () =>
    unavailable('Licence documents cannot be stored or read just now: encryption is not configured on this server (APPLICATIONS_MASTER_KEYS).'),
  );
  const envelope = sealing.get;

  const service = {
    configured: sealing.configured,

    /** Checks, seals and stores an applicant's document (replacing any earlier one). */
    async store(userId: number, bytes: Buffer, originalName: string | null): Promise<DocumentInfo> {
      if (bytes.length > DOCUMENT_MAX_BYTES) throw tooLarge(`The document is too large: send ${DOCUMENT_FORMATS_TEXT}`);
      if (bytes.length === 0) throw badRequest(`The document is empty: send ${DOCUMENT_FORMATS_TEXT}`);
      const format = await sniffDocument(bytes);
      if (!format) throw badRequest(`This file is not accepted: send ${DOCUMENT_FORMATS_TEXT}`);
      const fresh = envelope().newDataKey(ownerOf(userId));
      const data = {
        userId,
        fileName: storedName(originalName, format),
        mime: format.mime,
        size: bytes.length,
        keyVersion: fresh.wrapped.version,
        wrappedKey: fresh.wrapped.wrapped,
        sealed: fresh.sealer.encrypt(bytes.toString('base64'), RECORD),
        uploadedAt: new Date(),
      };
      const replace = () => documents().update({ where: { userId }, data });
      const existing = await documents().findOne({ where: { userId }, select: ['id'] });
      if (existing) await replace();
      else {
        try {
          await documents().create({ data });
        } catch (err) {
          // Two uploads at once meet at the unique index on user_id: the later one replaces the first.
          if (!isUniqueViolation(err)) throw err;
          await replace();
        }
      }
      return infoOf(data);
    },

    /** What is known of these accounts' documents, by account (one query; no bytes read). */
    async infoOf(userIds: number[]): Promise<Map<number, DocumentInfo>> {
      const found = new Map<number, DocumentInfo>();
      if (!userIds.length) return found;
      const rows = await documents().findMany({ where: { userId: { $in: userIds } }, select: ['userId', 'fileName', 'mime', 'size', 'uploadedAt'] });
      for (const row of rows) found.set(Number(row.userId), infoOf(row));
      return found;
    },

    /** An account's document, opened; null when there is none. */
    async open(userId: number): Promise<OpenedDocument | null> {
      const row = await documents().findOne({ where: { userId } });
      if (!row) return null;
      const sealer = envelope().sealerFor(ownerOf(userId), { version: Number(row.keyVersion), wrapped: row.wrappedKey });
      return { fileName: row.fileName, mime: row.mime, bytes: Buffer.from(sealer.decrypt(row.sealed, RECORD), 'base64') };
    },

    /** The master key version new documents are sealed under. */
    currentVersion(): number {
      return envelope().currentVersion;
    },

    /**
     * Re-wraps every document's data key not wrapped by the current master key, in batches, while the
     * CMS runs (`npm run applications:rotate-key`). The sealed bytes are not touched. Each update is
     * conditional on the version and wrapped key it read, so a document replaced meanwhile by a new
     * upload is left as the upload wrote it.
     */
    async rotate(onProgress?: (progress: RotationProgress) => void, batchSize = 100): Promise<RotationResult> {
      return rewrapAll(
        envelope(),
        {
          countNotUnder: (version) => documents().count({ where: { keyVersion: { $ne: version } } }),
          async pageNotUnder(version, afterId, limit) {
            const rows = await documents().findMany({
              where: { keyVersion: { $ne: version }, id: { $gt: afterId } },
              select: ['id', 'userId', 'keyVersion', 'wrappedKey'],
              orderBy: { id: 'asc' },
              limit,
            });
            return rows.map((row) => ({ id: Number(row.id), owner: ownerOf(Number(row.userId)), key: { version: Number(row.keyVersion), wrapped: row.wrappedKey } }));
          },
          async replace(id, from, to) {
            const { count } = await documents().updateMany({ where: { id, keyVersion: from.version, wrappedKey: from.wrapped }, data: { keyVersion: to.version, wrappedKey: to.wrapped } });
            return count === 1;
          },
        },
        onProgress,
        batchSize,
      );
    },

    /** How many documents each master key version wraps. */
    async versions(): Promise<{ version: number; keys: number }[]> {
      const rows = await documents().findMany({ select: ['keyVersion'] });
      const counts = new Map<number, number>();
      for (const row of rows) counts.set(Number(row.keyVersion), (counts.get(Number(row.keyVersion)) ?? 0) + 1);
      return [...counts].sort(([a], [b]) => a - b).map(([version, keys]) => ({ version, keys }));
    },
  };
  return service;
};
