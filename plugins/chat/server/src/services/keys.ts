/**
 * The chat's keys (`@haven/shared/envelope`): one 32-byte data key per conversation, stored only
 * wrapped by the current master key of CHAT_MASTER_KEYS (with its version). Message bodies are sealed
 * with AES-256-GCM under the conversation's data key, with the conversation's public id and the
 * message's number as authenticated data: a row copied into another conversation (or to another
 * place in its own) fails to open instead of showing someone's words in the wrong place.
 *
 * Rotation re-wraps data keys (a few bytes per conversation) while the CMS runs: processes that hold
 * both master keys open either form, and an unwrapped key stays valid in their caches.
 */
import type { Core } from '@strapi/strapi';
import { createEnvelope, keyringFromEnv, type Envelope, type OwnerSealer, type WrappedDataKey } from '@haven/shared/envelope';
import { meta, UID } from '../db/tables';

export interface ConversationKeyRow {
  id: number;
  documentId: string;
  keyVersion: number;
  wrappedKey: string;
}

export interface RotationProgress {
  done: number;
  total: number;
}

export interface RotationResult {
  rewrapped: number;
  /** Re-wrapped meanwhile by another process (the conditional update found nothing to change). */
  skipped: number;
  /** Still wrapped by an older master key afterwards. */
  remaining: number;
}

const owner = (conversationPublicId: string) => `conversation:${conversationPublicId}`;
export const messageRecord = (seq: number) => `message:${seq}`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let envelope: Envelope | null = null;
  const open = () => {
    if (!envelope) {
      const keyring = keyringFromEnv('CHAT');
      if (!keyring) throw new Error('CHAT_MASTER_KEYS is not set');
      envelope = createEnvelope(keyring, 'haven.chat');
    }
    return envelope;
  };
  /** Unwrapped sealers by conversation row id: unwrapping costs an AES operation, every message needs it. */
  const cache = new Map<number, OwnerSealer>();
  const MAX_CACHED = 10_000;

  return {
    currentVersion(): number {
      return open().currentVersion;
    },

    /** A new data key for a conversation about to be created. */
    newKey(conversationPublicId: string): WrappedDataKey {
      return open().newDataKey(owner(conversationPublicId)).wrapped;
    },

    /** The sealer of a conversation; throws EnvelopeError when its key does not unwrap. */
    sealer(row: ConversationKeyRow): OwnerSealer {
      const known = cache.get(row.id);
      if (known) return known;
      const sealer = open().sealerFor(owner(row.documentId), { version: Number(row.keyVersion), wrapped: row.wrappedKey });
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as number);
      cache.set(row.id, sealer);
      return sealer;
    },

    /** The sealer of a conversation by row id, loading its wrapped key when it is not cached. */
    async sealerById(id: number): Promise<OwnerSealer> {
      const known = cache.get(id);
      if (known) return known;
      const m = meta(strapi, UID.conversation);
      const row = (await strapi.db
        .connection(m.table)
        .where('id', id)
        .first('id', m.column('documentId'), m.column('keyVersion'), m.column('wrappedKey'))) as Record<string, unknown> | undefined;
      if (!row) throw new Error(`conversation ${id} has no key row`);
      return this.sealer({ id, documentId: String(row[m.column('documentId')]), keyVersion: Number(row[m.column('keyVersion')]), wrappedKey: String(row[m.column('wrappedKey')]) });
    },

    /** How many data keys each master key version wraps. */
    async versions(): Promise<{ version: number; keys: number }[]> {
      const m = meta(strapi, UID.conversation);
      const rows = (await strapi.db
        .connection(m.table)
        .select(m.column('keyVersion'))
        .count({ n: '*' })
        .groupBy(m.column('keyVersion'))
        .orderBy(m.column('keyVersion'))) as Record<string, unknown>[];
      return rows.map((row) => ({ version: Number(row[m.column('keyVersion')]), keys: Number(row.n) }));
    },

    /**
     * Re-wraps every data key that is not under the current master key, `batchSize` at a time, each
     * with a conditional update (another process re-wrapping the same key at once changes nothing).
     */
    async rotate(onProgress?: (progress: RotationProgress) => void, batchSize = 200): Promise<RotationResult> {
      const env = open();
      const m = meta(strapi, UID.conversation);
      const knex = strapi.db.connection;
      const stale = () => knex(m.table).whereNot(m.column('keyVersion'), env.currentVersion);
      const total = Number(((await stale().count({ n: '*' })) as { n: unknown }[])[0].n);
      let done = 0;
      let rewrapped = 0;
      let skipped = 0;
      let afterId = 0;
      onProgress?.({ done, total });
      for (;;) {
        const rows = (await stale()
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(batchSize)
          .select('id', m.column('documentId'), m.column('keyVersion'), m.column('wrappedKey'))) as Record<string, unknown>[];
        if (rows.length === 0) break;
        for (const row of rows) {
          const id = Number(row.id);
          afterId = id;
          const stored: WrappedDataKey = { version: Number(row[m.column('keyVersion')]), wrapped: String(row[m.column('wrappedKey')]) };
          const next = env.rewrap(owner(String(row[m.column('documentId')])), stored);
          const changed = await knex(m.table)
            .where({ id, [m.column('keyVersion')]: stored.version, [m.column('wrappedKey')]: stored.wrapped })
            .update({ [m.column('keyVersion')]: next.version, [m.column('wrappedKey')]: next.wrapped });
          if (changed === 1) rewrapped++;
          else skipped++;
          done++;
        }
        onProgress?.({ done, total: Math.max(total, done) });
      }
      const remaining = Number(((await stale().count({ n: '*' })) as { n: unknown }[])[0].n);
      return { rewrapped, skipped, remaining };
    },
  };
};
