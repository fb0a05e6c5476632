/**
 * Reflections' keys: one data key per person, stored wrapped by the current master key
 * (`@haven/shared/envelope`), created on the first reflection, re-wrapped by a master key rotation.
 */
import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '@haven/shared/server/db';
import { keyringFromEnv, lazyEnvelope, rewrapAll, type OwnerSealer, type RotationProgress, type RotationResult } from '@haven/shared/server/envelope';
import { unavailable } from '@haven/shared/errors';
import { config } from '../get-service';
import { dataKeysPerVersion } from '../db/key-versions';
import { tables } from '../db/tables';

/** Bound into every wrap and seal: wellness keys and texts never open as another feature's. */
export const ENVELOPE_CONTEXT = 'haven.wellness';

export type { RotationProgress, RotationResult } from '@haven/shared/server/envelope';

export const ownerOf = (userId: number) => `user:${userId}`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const keys = () => tables(strapi).dataKeys;
  const sealing = lazyEnvelope(
    () => {
      const { masterKeys } = config();
      return keyringFromEnv('WELLNESS', { WELLNESS_MASTER_KEYS: masterKeys.list, WELLNESS_MASTER_KEY: masterKeys.single });
    },
    ENVELOPE_CONTEXT,
    () => unavailable('Reflections cannot be saved or read just now: encryption is not configured on this server (WELLNESS_MASTER_KEYS).'),
  );
  const envelope = sealing.get;

  const service = {
    /** Whether a master key is configured (the health endpoint says so; it never shows a key). */
    configured: sealing.configured,

    currentVersion(): number {
      return envelope().currentVersion;
    },

    /**
     * A person's sealer. With `create`, a data key is made on first use (two parallel first writes
     * meet at the unique index on owner_id: the loser uses the winner's key). Without it, null when
     * the person has no key yet (so has no reflection).
     */
    async sealerFor(userId: number, create: boolean): Promise<OwnerSealer | null> {
      const env = envelope();
      const owner = ownerOf(userId);
      const row = await keys().findOne({ where: { ownerId: userId } });
      if (row) return env.sealerFor(owner, { version: row.keyVersion, wrapped: row.wrappedKey });
      if (!create) return null;
      const fresh = env.newDataKey(owner);
      try {
        await keys().create({ data: { ownerId: userId, keyVersion: fresh.wrapped.version, wrappedKey: fresh.wrapped.wrapped } });
        return fresh.sealer;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const theirs = await keys().findOne({ where: { ownerId: userId } });
        if (!theirs) throw err;
        return env.sealerFor(owner, { version: theirs.keyVersion, wrapped: theirs.wrappedKey });
      }
    },

    /** A person's key goes with their last entry (called when they delete everything). */
    async forget(userId: number): Promise<void> {
      await keys().deleteMany({ where: { ownerId: userId } });
    },

    /**
     * Re-wraps every data key not wrapped by the current master key, in batches, while the service
     * runs. Each update is conditional on the version it read, so a key re-wrapped meanwhile by another
     * process is left alone. Readers holding both master keys open either form throughout.
     */
    async rotate(onProgress?: (progress: RotationProgress) => void, batchSize = 200): Promise<RotationResult> {
      return rewrapAll(
        envelope(),
        {
          countNotUnder: (version) => keys().count({ where: { keyVersion: { $ne: version } } }),
          async pageNotUnder(version, afterId, limit) {
            const rows = await keys().findMany({ where: { keyVersion: { $ne: version }, id: { $gt: afterId } }, orderBy: { id: 'asc' }, limit });
            return rows.map((row) => ({ id: row.id, owner: ownerOf(row.ownerId), key: { version: row.keyVersion, wrapped: row.wrappedKey } }));
          },
          async replace(id, from, to) {
            const { count } = await keys().updateMany({ where: { id, keyVersion: from.version }, data: { keyVersion: to.version, wrappedKey: to.wrapped } });
            return count === 1;
          },
        },
        onProgress,
        batchSize,
      );
    },

    /** How many data keys each master key version wraps. */
    versions(): Promise<{ version: number; keys: number }[]> {
      return dataKeysPerVersion(strapi);
    },
  };
  return service;
};
