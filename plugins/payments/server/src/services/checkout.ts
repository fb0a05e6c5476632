/**
 * Checkout: the client pays for a booking that is waiting for payment (a series in one checkout, one
 * line per session), through the provider they chose. One payment row per purchase (unique purchase
 * key); each new checkout of it is an attempt with its own idempotency key, so a double click gets
 * the same provider session back and never two. When the payer returns, the checkout is completed
 * (PayPal: captured) through the same ledger that webhooks use.
 */
import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { conflict, notFound } from '@haven/shared/errors';
import type { GatewayName, ProviderName } from '../config';
import { epochMs } from '@haven/shared/server/db';
import { OPEN, type PaymentItem, type PaymentRow } from '../db/rows';
import { paymentRows } from '../db/store';
import { MANUAL_NOTICE } from '../providers/gateways/manual';
import type { CheckoutLine } from '../providers/gateways/types';
import { config, getService } from '../get-service';
import { booking, type BookingSnapshot } from '@haven/plugin-booking/public';
import { people, type Person } from '@haven/plugin-people/public';
import type { CheckoutResult, PaymentView } from '@haven/shared/payments';

export type { CheckoutResult };

/** Extra time asked of a provider beyond its minimum, so that a slow request does not fall under it. */
const EXPIRY_MARGIN_MS = 2 * 60_000;
/** Stripe's upper bound is 24 hours; nobody holds a slot that long anyway. */
const MAX_CHECKOUT_MS = 23 * 3_600_000;

const sameItems = (a: PaymentItem[], b: PaymentItem[]) =>
  a.length === b.length && a.every((item, i) => item.bookingId === b[i].bookingId && item.amountMinor === b[i].amountMinor);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);

  const lineName = (startsAt: string, therapist: Person | undefined, zone: string) =>
    `Therapy session with ${therapist?.displayName ?? 'your therapist'}, ${DateTime.fromISO(startsAt, { zone }).toFormat('ccc d LLL yyyy, HH:mm')} (${zone.replaceAll('_', ' ')})`;

  /** How long a return waits for a concurrent one to finish confirming the sessions it paid for. */
  const CONFIRMING_WAIT_MS = 3000;

  async function view(userId: number, row: PaymentRow): Promise<PaymentView> {
    return (await getService('history').views(userId, [row]))[0];
  }

  /** Sessions of this purchase that still wait for payment, in order. */
  function payable(userId: number, read: { booking: BookingSnapshot; series: { occurrences: BookingSnapshot[] } | null }, now: number): BookingSnapshot[] {
    const all = read.series ? read.series.occurrences : [read.booking];
    return all.filter((b) => b.clientUserId === userId && b.status === 'pending_payment' && epochMs(b.holdExpiresAt) > now);
  }

  /** Stops the previous attempt's checkout so that only one can take money; true when it had been paid meanwhile. */
  async function closePrevious(row: PaymentRow): Promise<boolean> {
    if (!row.checkoutSessionId || row.provider === 'manual') return false;
    try {
      const outcome = await getService('gateways').get(row.provider).expireCheckout(row.checkoutSessionId);
      if (outcome === 'expired') return false;
      const event = await getService('gateways').get(row.provider).completeReturn(row.checkoutSessionId, `haven-capture-${row.documentId}-${row.attempt}`);
      await getService('ledger').apply(row.provider, event);
      return true;
    } catch (err) {
      strapi.log.warn(`[payments] could not close checkout ${row.checkoutSessionId} of ${row.documentId}: ${(err as Error).message}`);
      return false;
    }
  }

  return {
    async start(userId: number, input: { booking: string; provider?: GatewayName }, now = Date.now()): Promise<CheckoutResult> {
      const provider = getService('gateways').choose(input.provider);
      const read = await booking.readForPayment(input.booking);
      if (!read || read.booking.clientUserId !== userId) throw notFound('No such booking');
      const first = read.booking;
      if (first.status !== 'pending_payment') {
        throw conflict(`This booking is ${first.status.replace('_', ' ')}: it is not waiting for payment.`, { reason: 'not_pending_payment', status: first.status });
      }
      if (epochMs(first.holdExpiresAt) <= now) throw conflict('The time we held for you has run out. Please choose a time again.', { reason: 'hold_expired' });

      const sessions = payable(userId, read, now);
      const currency = first.currency || config().currency;
      if (sessions.some((s) => (s.currency || config().currency) !== currency)) throw conflict('These sessions are priced in different currencies; pay them one by one.', { reason: 'mixed_currencies' });
      const items: PaymentItem[] = sessions.map((s) => ({ bookingId: s.id, startsAt: s.startsAt, endsAt: s.endsAt, amountMinor: s.rateMinor }));
      const amountMinor = items.reduce((sum, item) => sum + item.amountMinor, 0);
      if (amountMinor <= 0) throw conflict('These sessions have no price to pay.', { reason: 'nothing_to_pay' });

      const { row: created } = await rows.createOnce({
        purchaseKey: read.series ? `series:${read.series.id}` : `booking:${first.id}`,
        bookingId: first.id,
        seriesId: first.seriesId,
        items,
        payerUserId: userId,
        payeeUserId: first.therapistUserId,
        therapistId: first.therapistId,
        amountMinor,
        currency,
        provider,
        status: 'pending',
        refundedMinor: 0,
        attempt: 0,
        flagged: false,
        waived: false,
      });
      let row = created;
      if (row.flagged) throw conflict('A payment for this booking is being checked by our staff. They will be in touch.', { reason: 'flagged' });
      if (!OPEN.includes(row.status)) throw conflict('This booking is already paid.', { reason: 'already_paid' });

      if (provider === 'manual') {
        // Nothing to pay online: the booking is confirmed and the therapist is paid directly.
        await rows.update(row.id, { status: { $in: OPEN } }, { provider: 'manual', items, amountMinor, checkoutSessionId: `manual_${row.documentId}` });
        for (const item of items) await booking.markPaid(item.bookingId);
        return { payment: await view(userId, (await rows.byId(row.id))!), provider, url: null, message: MANUAL_NOTICE };
      }

      // The attempt under way, when it still fits: same provider, same sessions, time left. Another
      // request may be creating its session right now (no URL yet): this one joins it with the same
      // idempotency key and stored parameters, so the provider answers both with one session.
      const current =
        row.attempt > 0 &&
        row.status === 'pending' &&
        row.provider === provider &&
        row.amountMinor === amountMinor &&
        sameItems(row.items, items) &&
        epochMs(row.checkoutExpiresAt) > now + 60_000;
      if (current && row.checkoutUrl) return { payment: await view(userId, row), provider, url: row.checkoutUrl, message: null };

      if (!current) {
        const gateway = getService('gateways').get(provider);
        // A new attempt. Its parameters are stored first, so that concurrent requests send the provider
        // the very same request under the very same idempotency key and get one session back.
        const holdEnd = Math.min(...sessions.map((s) => epochMs(s.holdExpiresAt)));
        const expiresAt = Math.min(Math.max(holdEnd, now + gateway.minCheckoutMs + (gateway.minCheckoutMs ? EXPIRY_MARGIN_MS : 0)), now + MAX_CHECKOUT_MS);
        const previous = row;
        const won = await rows.update(row.id, { attempt: row.attempt, status: { $in: OPEN }, flagged: false }, {
          attempt: row.attempt + 1,
          status: 'pending',
          provider,
          items,
          amountMinor,
          checkoutExpiresAt: new Date(expiresAt),
          checkoutSessionId: null,
          checkoutUrl: null,
        });
        if (won && (await closePrevious(previous))) throw conflict('This booking has just been paid.', { reason: 'already_paid' });
      }
      row = (await rows.byId(row.id))!;
      if (!OPEN.includes(row.status)) throw conflict('This booking is already paid.', { reason: 'already_paid' });
      if (row.provider === 'manual') throw conflict('This booking is paid to the therapist directly.', { reason: 'manual' });

      const persons = await people.many([userId, first.therapistUserId]);
      const payer = persons.get(userId);
      const payerEmail = (await people.emails([userId])).get(userId) ?? null;
      const zone = payer?.timeZone || 'UTC';
      const lines: CheckoutLine[] = row.items.map((item) => ({ bookingId: item.bookingId, amountMinor: item.amountMinor, name: lineName(item.startsAt, persons.get(first.therapistUserId), zone) }));
      const site = config().publicSiteUrl;
      const session = await getService('gateways').get(row.provider).createCheckout({
        paymentId: row.documentId,
        bookingId: row.bookingId,
        seriesId: row.seriesId,
        lines,
        amountMinor: row.amountMinor,
        currency: row.currency,
        idempotencyKey: `haven-checkout-${row.documentId}-${row.attempt}`,
        expiresAt: epochMs(row.checkoutExpiresAt),
        successUrl: `${site}/payments/return?payment=${row.documentId}`,
        cancelUrl: `${site}/payments/cancelled?payment=${row.documentId}`,
        payerEmail,
      });
      await rows.update(row.id, { attempt: row.attempt }, {
        checkoutSessionId: session.sessionId,
        checkoutUrl: session.url,
        ...(session.expiresAt ? { checkoutExpiresAt: new Date(session.expiresAt) } : {}),
      });
      return { payment: await view(userId, (await rows.byId(row.id))!), provider: row.provider, url: session.url, message: null };
    },

    /**
     * The payer is back from the provider's page: complete the checkout (PayPal: capture it) and say
     * where the payment and its sessions stand. Safe to call again and again.
     */
    async complete(userId: number, paymentId: string, now = Date.now()): Promise<PaymentView> {
      const row = await getService('history').findForUser(userId, paymentId);
      if (row.payerUserId !== userId) throw notFound('No such payment');
      if (OPEN.includes(row.status) && !row.flagged && row.checkoutSessionId && row.provider !== 'manual') {
        const gateway = getService('gateways').get(row.provider);
        const event = await gateway.completeReturn(row.checkoutSessionId, `haven-capture-${row.documentId}-${row.attempt}`);
        await getService('ledger').apply(row.provider, event, now);
      }
      // Two returns at once (two tabs): the one that lost the race sees the payment succeeded while the
      // winner is still confirming its sessions. It waits a moment for that, so neither page says
      // "paid" beside a session still waiting for payment.
      let current = await view(userId, (await rows.byId(row.id))!);
      for (let waited = 0; waited < CONFIRMING_WAIT_MS && current.status === 'succeeded' && current.sessions.some((s) => s.status === 'pending_payment'); waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        current = await view(userId, (await rows.byId(row.id))!);
      }
      return current;
    },
  };
};
