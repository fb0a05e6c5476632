/**
 * The booking plugin's part of a person's data (issue 20). The export lists their sessions (as client
 * and as therapist, the other person by display name), series, availability and days off, whether a
 * calendar feed exists (never its address) and the hosts of external calendars they import. Erasure
 * cancels their upcoming sessions through the same path as a ban (policy refunds follow through
 * payments' listener), then keeps past and cancelled sessions only as the accounting record payments
 * points to: date, length, amount and currency, linked to nobody, with their free text gone.
 */
import type { Core } from '@strapi/strapi';
import { people } from '@haven/plugin-people/public';
import type { ErasureOutcome, ErasureRequest, PersonalDataSections } from '@haven/shared/server/personal-data';
import type { BookingRow } from '../db/booking-rows';
import { deleteKeptBookingsBefore, deleteRemindersOf, deleteSetupOf, stripBookingsOf } from '../db/erasure';
import { tables } from '../db/tables';
import { isoOrNull } from '../db/values';
import { getService } from '../get-service';

/** Why erased sessions are kept at all (the README's "kept by law"). */
export const KEPT_SESSIONS_WHY =
  'Kept as the accounting record the payments point to (invoices are kept up to 10 years): date, length, status, amount and currency only, linked to nobody, messages removed.';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const t = tables(strapi);

  function sessionRow(row: BookingRow, withName: string) {
    return {
      id: row.documentId,
      startsAt: isoOrNull(row.startsAt),
      endsAt: isoOrNull(row.endsAt),
      status: row.status,
      with: withName,
      seriesId: row.seriesId ?? null,
      bookedAt: isoOrNull(row.createdAt ?? null),
      confirmedAt: isoOrNull(row.confirmedAt),
      paidAt: isoOrNull(row.paidAt),
      cancelledAt: isoOrNull(row.cancelledAt),
      cancelledBy: row.cancelledBy ?? null,
      cancelReason: row.cancelReason ?? null,
      declinedAt: isoOrNull(row.declinedAt),
      refund: row.refund ?? null,
      policy: row.policy ?? null,
      rateMinor: Number(row.rateMinor ?? 0),
      currency: row.currency || 'USD',
    };
  }

  return {
    async export(userId: number): Promise<PersonalDataSections> {
      const [asClient, asTherapist] = await Promise.all([
        t.bookings.findMany({ where: { clientUserId: userId }, orderBy: [{ startsAt: 'asc' }] }),
        t.bookings.findMany({ where: { therapistUserId: userId }, orderBy: [{ startsAt: 'asc' }] }),
      ]);
      const persons = await people.many([...asClient.map((b) => Number(b.therapistUserId)), ...asTherapist.map((b) => Number(b.clientUserId))]);
      const nameOf = (id: number) => persons.get(Number(id))?.displayName ?? 'Haven member';

      const series = new Map<string, { seriesId: string; sessions: number; firstStartsAt: string | null; lastStartsAt: string | null }>();
      for (const row of [...asClient, ...asTherapist]) {
        if (!row.seriesId) continue;
        const start = isoOrNull(row.startsAt);
        const s = series.get(row.seriesId) ?? { seriesId: row.seriesId, sessions: 0, firstStartsAt: start, lastStartsAt: start };
        s.sessions += 1;
        if (start && (!s.firstStartsAt || start < s.firstStartsAt)) s.firstStartsAt = start;
        if (start && (!s.lastStartsAt || start > s.lastStartsAt)) s.lastStartsAt = start;
        series.set(row.seriesId, s);
      }

      const bookingIds = [...asClient, ...asTherapist].map((b) => b.id);
      const byId = new Map([...asClient, ...asTherapist].map((b) => [b.id, b.documentId]));
      const [reminders, availability, feed, calendars] = await Promise.all([
        bookingIds.length ? t.reminders.findMany({ where: { bookingId: { $in: bookingIds } } }) : Promise.resolve([]),
        t.availability.findOne({ where: { therapistUserId: userId } }),
        t.feedTokens.findOne({ where: { userId } }),
        t.calendars.findMany({ where: { therapistUserId: userId } }),
      ]);

      return {
        sessionsAsClient: asClient.map((row) => sessionRow(row, nameOf(row.therapistUserId))),
        sessionsAsTherapist: asTherapist.map((row) => sessionRow(row, nameOf(row.clientUserId))),
        series: [...series.values()],
        reminders: reminders.map((r) => ({ session: byId.get(r.bookingId) ?? null, minutesBefore: Number(r.leadMinutes), state: r.state, sentAt: isoOrNull(r.sentAt ?? null) })),
        availability: availability
          ? {
              timeZone: availability.timeZone,
              weeklyHours: availability.weeklyHours ?? [],
              dateOverrides: availability.overrides ?? [],
              incrementMinutes: availability.incrementMinutes ?? null,
              bufferBeforeMinutes: availability.bufferBeforeMinutes ?? null,
              bufferAfterMinutes: availability.bufferAfterMinutes ?? null,
              minNoticeHours: availability.minNoticeHours ?? null,
              minNoticeDays: availability.minNoticeDays ?? null,
              horizonDays: availability.horizonDays ?? null,
              maxPerDay: availability.maxPerDay ?? null,
              maxPerWeek: availability.maxPerWeek ?? null,
              maxSeriesWeeks: availability.maxSeriesWeeks ?? null,
              freeCancellationHours: availability.freeCancellationHours ?? null,
              lateCancellationRefundPercent: availability.lateCancellationRefundPercent ?? null,
            }
          : null,
        daysOff: availability?.daysOff ?? [],
        // The feed's address is a bearer secret (only its hash is kept anyway): that it exists, and since when.
        calendarFeed: feed ? { active: true, createdAt: isoOrNull(feed.createdAt), url: '[redacted]' } : null,
        // Private calendar addresses: the host only (urlHint is "https://host/…"); the encrypted address stays behind.
        externalCalendars: calendars.map((c) => ({
          label: c.label || 'External calendar',
          host: hostOf(c.urlHint),
          addedAt: isoOrNull(c.createdAt),
          lastSuccessAt: isoOrNull(c.lastSuccessAt),
          busyTimesImported: Number(c.busyCount ?? 0),
        })),
      };
    },

    async erase({ userId, now }: ErasureRequest): Promise<ErasureOutcome> {
      // Upcoming sessions first, by policy and as Haven (the ban's path, with its own notice: the other
      // person reads that the account was closed): both people are told, and payments refunds through
      // its booking.cancelled listener, which must be done before payments' own erasure.
      const cancelled = await getService('changes').cancelUpcomingFor(userId, 'account-closed', now.getTime());
      await getService('events').idle();
      const result = await strapi.db.transaction(async ({ trx }) => {
        const stripped = await stripBookingsOf(strapi, trx, userId);
        const reminders = await deleteRemindersOf(strapi, trx, stripped);
        const setup = await deleteSetupOf(strapi, trx, userId);
        return { stripped: stripped.length, reminders, setup };
      });
      getService('directory').invalidate(userId);
      const erased: Record<string, number> = { upcomingSessionsCancelled: cancelled, reminders: result.reminders, ...result.setup };
      return {
        erased: Object.fromEntries(Object.entries(erased).filter(([, n]) => n > 0)),
        kept: result.stripped ? { sessions: { count: result.stripped, why: KEPT_SESSIONS_WHY } } : {},
      };
    },

    /** Kept sessions of erased people that ended before `before` (their retention is over), with their reminders and claims. */
    async expireKept(before: Date): Promise<Record<string, number>> {
      return strapi.db.transaction(({ trx }) => deleteKeptBookingsBefore(strapi, trx, before));
    },
  };
};

/** "https://calendar.example.com/…" → "calendar.example.com" (null when there is no readable host). */
function hostOf(hint: string | null): string | null {
  if (!hint) return null;
  const match = /^[a-z]+:\/\/([^/]+)/i.exec(hint);
  return match ? match[1] : null;
}
