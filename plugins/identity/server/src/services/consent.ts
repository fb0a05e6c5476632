/**
 * Consent to the privacy notice and terms (issue 20 part 3): one row per acceptance, so the
 * history is proof of what each person agreed to and when. A new CONSENT_VERSION makes everyone
 * whose latest acceptance is older be asked again (the site's middleware sends them to /consent).
 */
import type { Core } from '@strapi/strapi';
import { badRequest } from '@haven/shared/errors';
import type { ConsentHow, ConsentStatus } from '@haven/shared/consent';
import { consentRows, type ConsentRow } from '../db/consent';
import { config } from '../get-service';

export type { ConsentHow, ConsentStatus };

/** One acceptance as the person's export shows it. */
export interface ConsentRecord {
  version: string;
  acceptedAt: string;
  how: ConsentHow;
}

const iso = (value: string | Date): string => new Date(value).toISOString();

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => consentRows(strapi);

  function statusOf(latest: ConsentRow | null): ConsentStatus {
    const currentVersion = config().consentVersion;
    return {
      currentVersion,
      acceptedVersion: latest?.version ?? null,
      acceptedAt: latest ? iso(latest.acceptedAt) : null,
      mustAsk: latest?.version !== currentVersion,
    };
  }

  return {
    currentVersion: (): string => config().consentVersion,

    async status(userId: number): Promise<ConsentStatus> {
      return statusOf(await rows().latest(userId));
    },

    /**
     * Records that `userId` agreed to `version`, which must be the one in force: agreeing to an
     * older text (a page left open across a change) would record consent to words no longer used.
     */
    async accept(userId: number, version: string, how: ConsentHow, now = new Date()): Promise<ConsentStatus> {
      if (version !== config().consentVersion) throw badRequest('The privacy notice and terms have changed since this page was loaded; please read the current version and agree again.', { currentVersion: config().consentVersion });
      const latest = await rows().latest(userId);
      // Agreeing twice to the same version (two tabs) keeps the first record.
      if (latest?.version === version) return statusOf(latest);
      return statusOf(await rows().insert({ userId, version, acceptedAt: now.toISOString(), how }));
    },

    /** The person's whole consent history, oldest first (their export). */
    async history(userId: number): Promise<ConsentRecord[]> {
      return (await rows().all(userId)).map((row) => ({ version: row.version, acceptedAt: iso(row.acceptedAt), how: row.how }));
    },

    /** Erasure: the account is going, and with it the proof of its consent. */
    eraseAll: (userId: number): Promise<number> => rows().deleteAll(userId),
  };
};
