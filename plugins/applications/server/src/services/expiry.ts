/**
 * The licence-expiry check: verified therapists whose licence has expired are already hidden from
 * the directory and from booking (people's standing reads the date at every use); this tells each
 * of them once per expired date. The notice row is inserted first, under a unique index on (profile,
 * date), so with several processes only the one whose insert succeeds sends the mail.
 */
import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '@haven/shared/server/db';
import { sendMail } from '@haven/shared/server/strapi';
import { people } from '@haven/plugin-people/public';
import { periodicWorker } from '@haven/shared/server/worker';
import { config } from '../get-service';
import { tables } from '../db/tables';
import { expiryMail } from '../lib/mails';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const notices = () => tables(strapi).expiryNotices;

  const service = {
    /** Sends the notices due at `now`; how many went out. */
    async run(now = new Date()): Promise<number> {
      const expired = await people.expiredLicences(now);
      if (!expired.length) return 0;
      const emails = await people.emails(expired.map((e) => e.userId), { deliverableOnly: true, purpose: 'account' });
      let sent = 0;
      for (const licence of expired) {
        try {
          await notices().create({ data: { profileId: licence.profileId, licenceExpiry: licence.licenceExpiry, sentAt: now } });
        } catch (err) {
          if (isUniqueViolation(err)) continue;
          throw err;
        }
        const to = emails.get(licence.userId);
        if (!to) continue;
        try {
          await sendMail(strapi, expiryMail(to, licence.licenceExpiry, config().siteUrl));
          sent += 1;
        } catch (err) {
          strapi.log.error(`[applications] the licence-expiry notice to account ${licence.userId} failed: ${(err as Error).message}`);
        }
      }
      return sent;
    },

    /** Runs the check now and then every `expiry.intervalMs` (daily by default) while the process runs. */
    start(): void {
      if (config().expiry.enabled) worker.start();
    },

    stop: (): Promise<void> => worker.stop(),
  };
  const worker = periodicWorker({
    id: 'applications.licence-expiry',
    name: '[applications] licence-expiry check',
    pass: () => service.run(),
    intervalMs: () => config().expiry.intervalMs,
    firstDelayMs: () => 0,
    logError: (message) => strapi.log.error(message),
  });
  return service;
};
