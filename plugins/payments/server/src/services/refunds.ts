/**
 * Refunds through the payment's provider, each at most once: a refund row is inserted under a unique
 * idempotency key first (a second request with the same key gets the first one back), the amount is
 * reserved on the payment by a conditional update (refunds never add up to more than was paid, even
 * concurrently), and the provider is called with an idempotency key derived from the same key.
 */
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { periodicWorker } from '@haven/shared/server/worker';
import { badRequest, conflict, HavenError } from '@haven/shared/errors';
import type { ProviderName } from '../config';
import { PAID, toRefund, type PaymentRow, type RefundKind, type RefundRow } from '../db/rows';
import { paymentRows } from '../db/store';
import { formatMoney } from '../lib/money';
import { config, getService } from '../get-service';

export interface RefundInput {
  payment: PaymentRow;
  amountMinor: number;
  kind: RefundKind;
  reason: string;
  /** The key of "at most once": `cancel:<booking>`, `late:<payment>:<booking>`, `staff:<uuid>` … */
  idempotencyKey: string;
  bookingId?: string | null;
  requestedBy: string;
  /**
   * A second charge for the same purchase (paid twice): refunded through its own provider payment
   * and not counted against what the payment itself received.
   */
  separateCharge?: { provider: ProviderName; providerPaymentId: string; currency: string };
}

export interface RefundOutcome {
  refund: RefundRow;
  created: boolean;
}

/** The key sent to the provider: stable for one Haven key, short enough for every provider (PayPal: 108). */
export const providerKey = (key: string) => `haven-refund-${crypto.createHash('sha256').update(key).digest('hex').slice(0, 40)}`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);

  const service = {
    /** What may still be refunded on a payment. */
    refundable(payment: PaymentRow): number {
      return PAID.includes(payment.status) ? Math.max(0, payment.amountMinor - payment.refundedMinor) : 0;
    },

    async refund(input: RefundInput, now = Date.now()): Promise<RefundOutcome> {
      const { payment, amountMinor } = input;
      if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw badRequest('amountMinor must be a whole number of minor units above 0', { errors: [{ path: ['amountMinor'], message: 'must be above 0' }] });
      const existing = await rows.refundByKey(input.idempotencyKey);
      if (existing) return { refund: existing, created: false };

      const separate = input.separateCharge ?? null;
      if (!separate) {
        if (!PAID.includes(payment.status)) throw conflict(`This payment is ${payment.status.replace('_', ' ')}: there is nothing to refund.`, { reason: 'not_paid' });
        const left = this.refundable(payment);
        if (amountMinor > left) {
          throw badRequest(`amountMinor must be at most ${left} (${formatMoney(left, payment.currency)}): that is what is left of this payment.`, { errors: [{ path: ['amountMinor'], message: `must be at most ${left}` }], refundableMinor: left });
        }
      }
      const provider = separate?.provider ?? payment.provider;
      const providerPaymentId = separate?.providerPaymentId ?? payment.providerPaymentId ?? (provider === 'manual' ? `manual_${payment.documentId}` : null);
      if (!providerPaymentId) throw conflict('This payment has no provider reference to refund against.', { reason: 'no_reference' });

      const { row, created } = await rows.createRefundOnce({
        paymentId: payment.id,
        bookingId: input.bookingId ?? null,
        amountMinor,
        currency: separate?.currency ?? payment.currency,
        kind: input.kind,
        reason: input.reason.slice(0, 500),
        idempotencyKey: input.idempotencyKey,
        provider,
        providerPaymentId,
        status: 'pending',
        requestedBy: input.requestedBy,
      });
      if (!created) return { refund: row, created: false };

      if (!separate && !(await rows.reserveRefund(payment.id, amountMinor))) {
        // Someone else refunded meanwhile: nothing is written for this request.
        await rows.refunds().delete({ where: { id: row.id } });
        const fresh = (await rows.byId(payment.id))!;
        const left = this.refundable(fresh);
        throw badRequest(`amountMinor must be at most ${left} (${formatMoney(left, fresh.currency)}): that is what is left of this payment.`, { errors: [{ path: ['amountMinor'], message: `must be at most ${left}` }], refundableMinor: left });
      }

      try {
        const result = await getService('gateways').get(provider).refund({
          paymentId: payment.documentId,
          providerPaymentId,
          amountMinor,
          currency: row.currency,
          idempotencyKey: providerKey(input.idempotencyKey),
          reason: input.reason,
        });
        // The provider answered, and its answer is no: a refusal to report (409), not a provider outage (502).
        if (result.status === 'failed') throw conflict(`${provider} refused the refund (${result.refundId}): no money was given back.`, { reason: 'refund_failed', providerRefundId: result.refundId });
        await rows.refunds().update({ where: { id: row.id }, data: { status: result.status, providerRefundId: result.refundId } });
        if (!separate) {
          const settled = await rows.settleRefundStatus(payment.id, now);
          if (settled?.status === 'refunded' && !settled.refundedAt) await rows.update(payment.id, {}, { refundedAt: new Date(now) });
        }
        return { refund: (await rows.refundByKey(input.idempotencyKey))!, created: true };
      } catch (err) {
        if (!separate) await rows.releaseRefund(payment.id, amountMinor);
        const message = err instanceof Error ? err.message : String(err);
        await rows.refunds().update({ where: { id: row.id }, data: { status: 'failed', failureMessage: message.slice(0, 500) } });
        await getService('notifications').needsStaff(payment, `A refund of ${formatMoney(amountMinor, row.currency)} (${input.kind}) failed: ${message}`);
        if (err instanceof HavenError) throw err;
        throw new HavenError(502, 'ProviderError', `The payment provider did not accept the refund: ${message.slice(0, 200)}`);
      }
    },

    /**
     * Refunds left `pending` without a provider reference (the process stopped between reserving the
     * amount and hearing back from the provider) are sent again under the same idempotency key: the
     * provider answers with the refund it already made, or makes it now; never twice.
     */
    async retryStale(now = Date.now(), olderThanMs = 120_000): Promise<number> {
      const stale = (await rows.refunds().findMany({
        where: { status: 'pending', providerRefundId: { $null: true }, createdAt: { $lt: new Date(now - olderThanMs) } },
        orderBy: [{ id: 'asc' }],
        limit: 50,
      })).map(toRefund);
      let done = 0;
      for (const refund of stale) {
        const payment = await rows.byId(refund.paymentId);
        if (!payment || !refund.providerPaymentId) continue;
        try {
          const result = await getService('gateways').get(refund.provider).refund({
            paymentId: payment.documentId,
            providerPaymentId: refund.providerPaymentId,
            amountMinor: refund.amountMinor,
            currency: refund.currency,
            idempotencyKey: providerKey(refund.idempotencyKey),
            reason: refund.reason ?? 'Refund',
          });
          if (result.status === 'failed') throw new Error(`${refund.provider} refused the refund (${result.refundId})`);
          const { count } = await rows.refunds().updateMany({ where: { id: refund.id, status: 'pending' }, data: { status: result.status, providerRefundId: result.refundId } });
          if (count && refund.kind !== 'duplicate' && refund.kind !== 'mismatch') await rows.settleRefundStatus(payment.id, now);
          done += count;
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          const { count } = await rows.refunds().updateMany({ where: { id: refund.id, status: 'pending' }, data: { status: 'failed', failureMessage: message.slice(0, 500) } });
          if (count && refund.kind !== 'duplicate' && refund.kind !== 'mismatch') await rows.releaseRefund(payment.id, refund.amountMinor);
          if (count) await getService('notifications').needsStaff(payment, `A refund of ${formatMoney(refund.amountMinor, refund.currency)} (${refund.kind}) could not be completed: ${message}`);
        }
      }
      return done;
    },

    /** Retries stale pending refunds now and then (on PostgreSQL each pass runs in one process). */
    startRetrier() {
      retrier.start();
    },

    stopRetrier: (): Promise<void> => retrier.stop(),

    /**
     * The end of a refund the provider accepted as pending (or needing action): succeeded, the money
     * is back; failed, nothing moved: the amount set aside is released and staff are told. A refund
     * no longer pending (the same news twice) changes nothing.
     */
    async settlePending(report: { refundId: string; outcome: 'succeeded' | 'failed'; message: string }, now = Date.now()): Promise<{ paymentId: number | null; changed: boolean }> {
      const raw = await rows.refunds().findOne({ where: { providerRefundId: report.refundId } });
      if (!raw) return { paymentId: null, changed: false };
      const refund = toRefund(raw);
      const { count } = await rows.refunds().updateMany({
        where: { id: refund.id, status: 'pending' },
        data: report.outcome === 'succeeded' ? { status: 'succeeded' } : { status: 'failed', failureMessage: report.message.slice(0, 500) },
      });
      if (!count) return { paymentId: refund.paymentId, changed: false };
      const payment = await rows.byId(refund.paymentId);
      if (!payment) return { paymentId: refund.paymentId, changed: true };
      const counted = refund.kind !== 'duplicate' && refund.kind !== 'mismatch';
      if (report.outcome === 'failed') {
        if (counted) await rows.releaseRefund(payment.id, refund.amountMinor);
        await getService('notifications').needsStaff(payment, `A refund of ${formatMoney(refund.amountMinor, refund.currency)} (${refund.kind}) failed after ${refund.provider} had accepted it: ${report.message}`);
      }
      if (counted) await rows.settleRefundStatus(payment.id, now);
      return { paymentId: payment.id, changed: true };
    },

    /**
     * A refund the provider reports (ours confirmed, or one made in the provider's dashboard).
     * `total` is the provider's cumulative refunded amount when it gives one.
     */
    async recordProviderRefund(payment: PaymentRow, report: { refundId: string | null; amountMinor: number | null; total: number | null; currency: string }): Promise<'recorded' | 'known'> {
      if (report.refundId) {
        const ours = await rows.refunds().findOne({ where: { providerRefundId: report.refundId } });
        if (ours) {
          if (ours.status === 'pending') await this.settlePending({ refundId: report.refundId, outcome: 'succeeded', message: `Refunded at ${payment.provider}` });
          return 'known';
        }
      }
      const before = payment.refundedMinor;
      let target: number;
      if (report.total !== null) target = report.total;
      else if (report.amountMinor !== null) target = before + report.amountMinor;
      else return 'known';
      if (target <= before) return 'known';
      const key = report.refundId ? `provider:${payment.provider}:${report.refundId}` : `provider:${payment.provider}:${payment.providerPaymentId}:${target}`;
      const { created } = await rows.createRefundOnce({
        paymentId: payment.id,
        amountMinor: target - before,
        currency: report.currency,
        kind: 'provider',
        reason: `Refunded at ${payment.provider}`,
        idempotencyKey: key,
        provider: payment.provider,
        providerPaymentId: payment.providerPaymentId,
        providerRefundId: report.refundId,
        status: 'succeeded',
        requestedBy: 'provider',
      });
      if (!created) return 'known';
      await rows.raiseRefundedTo(payment.id, Math.min(target, payment.amountMinor));
      await rows.settleRefundStatus(payment.id);
      return 'recorded';
    },
  };
  const retrier = periodicWorker({
    id: 'payments.refund-retrier',
    name: '[payments] retrying pending refunds failed',
    pass: () => service.retryStale(),
    intervalMs: () => config().refundRetryMs,
    firstDelayMs: () => config().refundRetryMs,
    logError: (message) => strapi.log.error(message),
  });
  return service;
};
