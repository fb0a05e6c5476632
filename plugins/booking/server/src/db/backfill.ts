import type { Core } from '@strapi/strapi';
import { policyTerms } from '../lib/policy';
import { getService } from '../get-service';
import { UID } from './uids';

/**
 * Bookings written before each booking kept its cancellation policy have none. At start, every open
 * one (waiting for payment or confirmed, not yet started) gets its therapist's current policy: the
 * best record there is of what was shown when it was booked, and from then on a change of the
 * therapist's policy no longer reaches it. Idempotent (only rows without a policy), so several
 * processes starting together are harmless. Past and ended bookings are left alone: no refund or
 * move is decided for them any more.
 */
export async function backfillPolicies(strapi: Core.Strapi) {
  const bookings = strapi.db.query(UID.booking);
  const open = { status: { $in: ['pending_payment', 'confirmed'] }, startsAt: { $gt: new Date() }, policy: { $null: true } };
  const found = (await bookings.findMany({ where: open, select: ['therapistUserId'], limit: 10_000 })) as { therapistUserId: number }[];
  const therapists = [...new Set(found.map((row) => Number(row.therapistUserId)))];
  for (const therapistUserId of therapists) {
    const rules = await getService('availability').rulesFor(therapistUserId);
    await bookings.updateMany({ where: { ...open, therapistUserId }, data: { policy: policyTerms(rules) } });
  }
  if (therapists.length) strapi.log.info(`[booking] kept the current cancellation policy on the open bookings of ${therapists.length} therapist(s) that had none`);
}
