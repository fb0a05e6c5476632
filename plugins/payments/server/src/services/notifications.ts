/**
 * Emails about money: the client is told how to pay when they book a session paid directly to the
 * therapist (manual provider), and when Haven gives a payment back on its own (late or duplicate
 * payment); staff when a payment needs a person (amount mismatch, a refund the provider refused). Sent through the CMS's email provider; a failed mail is logged and never fails a payment.
 */
import { sendMail } from '@haven/shared/server/strapi';
import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { config } from '../get-service';
import { formatMoney } from '../lib/money';
import { escapeHtml } from '../lib/receipt-html';
import type { PaymentRow } from '../db/rows';
import { people } from '@haven/plugin-people/public';
import type { BookingSnapshot } from '@haven/plugin-booking/public';
import { getService } from '../get-service';
import { howToPaySentence } from './instructions';

export default ({ strapi }: { strapi: Core.Strapi }) => {

  async function send(to: string, subject: string, lines: string[]) {
    try {
      await sendMail(strapi, {
        to,
        subject,
        text: lines.join('\n\n'),
        html: lines.map((line) => `<p>${escapeHtml(line).replaceAll('\n', '<br>')}</p>`).join(''),
        headers: { 'X-Haven-Mail': 'payments' },
      });
    } catch (err) {
      strapi.log.error(`[payments] could not send "${subject}": ${(err as Error).message}`);
    }
  }

  return {
    /**
     * "How to pay for your session": to the client of a priced session booked with the manual provider
     * (no online gateway), with the price, the time in their zone, the sentence of the confirm step and
     * the therapist's instructions. A weekly series gets one mail listing its sessions.
     */
    async howToPay(bookings: BookingSnapshot[]) {
      const first = bookings[0];
      if (!first) return;
      const email = (await people.emails([first.clientUserId], { deliverableOnly: true, purpose: 'payments' })).get(first.clientUserId);
      if (!email) return;
      const persons = await people.many([first.clientUserId, first.therapistUserId]);
      const client = persons.get(first.clientUserId);
      const therapistName = persons.get(first.therapistUserId)?.displayName ?? 'your therapist';
      const zone = client?.timeZone || 'UTC';
      const times = bookings.map((b) => `${DateTime.fromISO(b.startsAt, { zone }).toFormat('cccc d LLLL yyyy, HH:mm')} (${zone.replaceAll('_', ' ')}): ${formatMoney(b.rateMinor, b.currency)}`);
      const instructions = await getService('instructions').textOf(first.therapistUserId);
      const site = config().publicSiteUrl;
      await send(email, 'How to pay for your session', [
        `Hello ${client?.displayName ?? 'Haven member'},`,
        howToPaySentence('manual', therapistName, [], instructions !== null),
        `Session${times.length > 1 ? 's' : ''} with ${therapistName}:\n${times.join('\n')}`,
        ...(instructions ? [`${therapistName}'s payment instructions:\n${instructions}`] : []),
        `Your session: ${site}/sessions/${first.id}\nYour payments: ${site}/payments`,
      ]);
    },

    /** Tells the client that a payment was given back because the session could not be kept for them. */
    async refundedAutomatically(payment: PaymentRow, amountMinor: number, why: 'slot_taken' | 'cancelled' | 'already_started' | 'duplicate', bookingIds: string[]) {
      const email = (await people.emails([payment.payerUserId], { purpose: 'payments' })).get(payment.payerUserId);
      if (!email) return;
      const persons = await people.many([payment.payerUserId, payment.payeeUserId]);
      const client = persons.get(payment.payerUserId);
      const therapist = persons.get(payment.payeeUserId);
      const zone = client?.timeZone || 'UTC';
      const times = payment.items
        .filter((item) => bookingIds.includes(item.bookingId))
        .map((item) => `${DateTime.fromISO(item.startsAt, { zone }).toFormat('cccc d LLLL yyyy, HH:mm')} (${zone.replaceAll('_', ' ')})`);
      const reason = {
        slot_taken: 'Your payment arrived after the time we were holding for you had run out, and someone else booked it meanwhile.',
        cancelled: 'The session had already been cancelled when your payment arrived.',
        already_started: 'The session time had already passed when your payment arrived.',
        duplicate: 'This session had already been paid, so the second payment was not needed.',
      }[why];
      await send(email, `Your payment of ${formatMoney(amountMinor, payment.currency)} has been refunded`, [
        `Hello ${client?.displayName ?? 'Haven member'},`,
        `${reason} We have refunded ${formatMoney(amountMinor, payment.currency)} in full to the way you paid; it usually reaches you within 5 to 10 days.`,
        ...(times.length ? [`Session${times.length > 1 ? 's' : ''} with ${therapist?.displayName ?? 'your therapist'}:\n${times.join('\n')}`] : []),
        `You can choose another time on Haven: ${config().publicSiteUrl}/therapists/${payment.therapistId ?? ''}`,
      ]);
    },

    /** Tells staff that a payment needs a person; without PAYMENTS_STAFF_EMAIL it is logged only. */
    async needsStaff(payment: PaymentRow, what: string) {
      strapi.log.warn(`[payments] payment ${payment.documentId} needs staff: ${what}`);
      const to = config().staffEmail;
      if (!to) return;
      await send(to, `Haven payment ${payment.documentId} needs a look`, [what, `Open the Payments page of the Haven admin and search for ${payment.documentId}.`]);
    },
  };
};
