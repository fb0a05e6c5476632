/**
 * Emails about sessions, sent through the CMS's email provider: confirmations carry an .ics
 * invitation (METHOD:REQUEST), reschedules an updated one (same UID, higher SEQUENCE), cancellations a
 * METHOD:CANCEL. Each person gets times in their own zone and sees the other party by display name
 * only; nothing clinical is ever written. Subscribed to the plugin's own events, so a mail failure
 * never fails a booking. A series is confirmed in one mail with one invitation per session.
 */
import { sendMail } from '@haven/shared/server/strapi';
import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { renderInvitation, type CalendarEntry } from '../lib/ics-write';
import { config, getService } from '../get-service';
import type { BookingSnapshot } from './events';
import { people, type Person } from '@haven/plugin-people/public';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const calendarUid = (bookingId: string) => `booking-${bookingId}@haven`;

type Kind = 'confirmed' | 'rescheduled' | 'cancelled' | 'reminder';

/** A participant as a mail needs them: the person and their address (none: no mail). */
type Recipient = Person & { email: string | null };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pendingSeries = new Map<string, { bookings: BookingSnapshot[]; timer: NodeJS.Timeout }>();
  const unsubscribe: (() => void)[] = [];

  const when = (iso: string, zone: string) => `${DateTime.fromISO(iso, { zone }).toFormat('cccc d LLLL yyyy, HH:mm')} (${zone.replaceAll('_', ' ')})`;
  const entry = (booking: BookingSnapshot, other: Recipient, status: CalendarEntry['status']): CalendarEntry => ({
    uid: calendarUid(booking.id),
    sequence: booking.sequence,
    start: new Date(booking.startsAt),
    end: new Date(booking.endsAt),
    withName: other.displayName,
    status,
    url: `${config().publicSiteUrl}/sessions/${booking.id}`,
  });

  async function send(to: Recipient, subject: string, lines: string[], attachments: { filename: string; content: string }[], method: 'REQUEST' | 'CANCEL' | null) {
    if (!to.email) return;
    await sendMail(strapi, {
      to: to.email,
      subject,
      text: lines.join('\n\n'),
      html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
      attachments: attachments.map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: `text/calendar; charset=utf-8${method ? `; method=${method}` : ''}`,
      })),
      headers: { 'X-Haven-Mail': 'booking' },
    });
  }

  /** One mail to each participant about one or more sessions between the same two people. */
  async function notify(kind: Kind, bookings: BookingSnapshot[], extra: { cancelledBy?: string; previous?: { startsAt: string }; leadMinutes?: number; declined?: boolean; message?: string | null } = {}) {
    const first = bookings[0];
    const ids = [first.clientUserId, first.therapistUserId];
    const [found, emails] = await Promise.all([people.many(ids), people.emails(ids, { purpose: kind === 'reminder' ? 'reminders' : 'bookings' })]);
    const recipient = (userId: number): Recipient => ({ ...(found.get(userId) ?? { userId, displayName: 'Haven member', timeZone: 'UTC', role: 'authenticated', blocked: false }), email: emails.get(userId) ?? null });
    const client = recipient(first.clientUserId);
    const therapist = recipient(first.therapistUserId);
    const fromAddress = process.env.EMAIL_FROM_ADDRESS || 'no-reply@haven.example';
    for (const [me, other] of [
      [client, therapist],
      [therapist, client],
    ] as const) {
      const times = bookings.map((b) => when(b.startsAt, me.timeZone));
      const link = `${config().publicSiteUrl}/sessions/${first.id}`;
      let subject: string;
      let lines: string[];
      const status: CalendarEntry['status'] = kind === 'cancelled' ? 'cancelled' : 'confirmed';
      if (kind === 'confirmed') {
        subject = bookings.length > 1 ? `${bookings.length} therapy sessions with ${other.displayName} are booked` : `Therapy session with ${other.displayName} is booked`;
        lines = [`Your therapy session${bookings.length > 1 ? 's' : ''} with ${other.displayName}:`, times.join('\n'), 'The attached invitation adds it to your calendar.', `See or change it on Haven: ${link}`];
      } else if (kind === 'rescheduled') {
        subject = `Therapy session with ${other.displayName} has moved`;
        lines = [`Your therapy session with ${other.displayName} has moved from ${when(extra.previous!.startsAt, me.timeZone)} to ${times[0]}.`, 'The attached invitation updates your calendar.', `See it on Haven: ${link}`];
      } else if (kind === 'cancelled' && extra.declined && me === client) {
        // The therapist's "no", said kindly: their own words if they wrote some, the refund, and where to go next.
        subject = `${other.displayName} cannot take your session on ${DateTime.fromISO(first.startsAt, { zone: me.timeZone }).toFormat('d LLLL')}`;
        lines = [
          `We are sorry: ${other.displayName} is not able to take your therapy session on ${times.join(', ')}, so it is cancelled. This is about their schedule, not about you.`,
          ...(extra.message ? [`Their message to you: "${extra.message}"`] : []),
          'If you paid for this session, the full amount is refunded to you.',
          `You can choose another time, or another therapist, on Haven: ${config().publicSiteUrl}/therapists`,
          'The attached file removes it from your calendar.',
        ];
      } else if (kind === 'cancelled' && extra.declined) {
        subject = `You declined the session with ${other.displayName}`;
        lines = [`You declined the therapy session with ${other.displayName} on ${times.join(', ')}. They have been told${extra.message ? ', with your message' : ''}, and any payment is refunded in full.`, 'The attached file removes it from your calendar.'];
      } else if (kind === 'cancelled') {
        subject = `Therapy session with ${other.displayName} is cancelled`;
        // 'system': Haven cancelled it (an account was blocked by staff); the payer is refunded in full.
        const who = extra.cancelledBy === 'system' ? 'by Haven' : extra.cancelledBy === (me === client ? 'client' : 'therapist') ? 'as you asked' : `by ${other.displayName}`;
        lines = [
          `Your therapy session with ${other.displayName} on ${times.join(', ')} is cancelled ${who}.`,
          ...(extra.cancelledBy === 'system' ? ['If it was paid, the full amount is refunded. You can choose another time or another therapist on Haven.'] : []),
          'The attached file removes it from your calendar.',
          `Your sessions on Haven: ${config().publicSiteUrl}/sessions`,
        ];
      } else {
        const hours = Math.round((extra.leadMinutes ?? 60) / 60);
        subject = `Reminder: therapy session with ${other.displayName} ${hours >= 24 ? 'tomorrow' : `in ${hours === 1 ? 'an hour' : `${hours} hours`}`}`;
        lines = [`A reminder of your therapy session with ${other.displayName}: ${times[0]}.`, `See it on Haven: ${link}`];
      }
      const attachments =
        kind === 'reminder'
          ? []
          : bookings.map((b, i) => ({
              filename: bookings.length > 1 ? `session-${i + 1}.ics` : kind === 'cancelled' ? 'cancel.ics' : 'invite.ics',
              content: renderInvitation(entry(b, other, status), { name: 'Haven', email: fromAddress }, { name: me.displayName, email: me.email ?? fromAddress }),
            }));
      try {
        await send(me, subject, lines, attachments, kind === 'reminder' ? null : kind === 'cancelled' ? 'CANCEL' : 'REQUEST');
      } catch (err) {
        strapi.log.error(`[booking] could not send the ${kind} mail of booking ${first.id}: ${(err as Error).message}`);
        if (kind === 'reminder') throw err;
      }
    }
  }

  return {
    /** Subscribes to the plugin's events (bootstrap). */
    start() {
      const events = getService('events');
      unsubscribe.push(
        events.on('booking.confirmed', async ({ booking }) => {
          if (!booking.seriesId) return notify('confirmed', [booking]);
          // The sessions of a series are confirmed together: gather them, then send one mail.
          const waiting = pendingSeries.get(booking.seriesId);
          if (waiting) {
            waiting.bookings.push(booking);
            return;
          }
          const timer = setTimeout(() => {
            const batch = pendingSeries.get(booking.seriesId!);
            pendingSeries.delete(booking.seriesId!);
            if (batch) notify('confirmed', batch.bookings.sort((a, b) => a.startsAt.localeCompare(b.startsAt))).catch((err: Error) => strapi.log.error(`[booking] series mail: ${err.message}`));
          }, 200);
          pendingSeries.set(booking.seriesId, { bookings: [booking], timer });
        }),
        events.on('booking.rescheduled', ({ booking, previous }) => notify('rescheduled', [booking], { previous })),
        events.on('booking.cancelled', ({ booking, cancelledBy, declined, reason }) => notify('cancelled', [booking], { cancelledBy, declined, message: declined ? reason : null })),
      );
    },

    stop() {
      for (const off of unsubscribe.splice(0)) off();
      for (const { timer } of pendingSeries.values()) clearTimeout(timer);
      pendingSeries.clear();
    },

    /** A reminder to both participants; throws when the mail could not be sent (the caller retries). */
    async remind(booking: BookingSnapshot, leadMinutes: number) {
      await notify('reminder', [booking], { leadMinutes });
    },
  };
};
