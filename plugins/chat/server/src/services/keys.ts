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
import { createEnvelope, keyringFromEnv, rewrapAll, type Envelope, type OwnerSealer, type RotationProgress, type RotationResult, type WrappedDataKey } from '@haven/shared/server/envelope';
import { keyRows } from '../db/key-rows';
import type { ConversationKeyRow } from '../db/rows';

export type { ConversationKeyRow } from '../db/rows';
export type { RotationProgress, RotationResult } from '@haven/shared/server/envelope';

const owner = (conversationPublicId: string) => `conversation:${conversationPublicId}`;

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
      const row = await keyRows(strapi).byId(id);
      if (!row) throw new Error(`conversation ${id} has no key row`);
      return this.sealer(row);
    },

    /** How many data keys each master key version wraps. */
    async versions(): Promise<{ version: number; keys: number }[]> {
      return keyRows(strapi).countByVersion();
    },

    /**
     * Re-wraps every data key that is not under the current master key, `batchSize` at a time, each
     * with a conditional update (another process re-wrapping the same key at once changes nothing).
     */
    async rotate(onProgress?: (progress: RotationProgress) => void, batchSize = 200): Promise<RotationResult> {
      const rows = keyRows(strapi);
      return rewrapAll(
        open(),
        {
          countNotUnder: (version) => rows.countNotUnder(version),
          async pageNotUnder(version, afterId, limit) {
            return (await rows.pageNotUnder(version, afterId, limit)).map((row) => ({ id: row.id, owner: owner(row.documentId), key: { version: row.keyVersion, wrapped: row.wrappedKey } }));
          },
          replace: (id, from, to) => rows.replace(id, from, to),
        },
        onProgress,
        batchSize,
      );
    },
  };
};
