/**
 * Manual: nothing is paid online. The booking is confirmed as "pay your therapist directly"; the
 * therapist or an admin then marks the payment paid or waived in Haven. Refunds are recorded here and
 * paid back directly by the therapist.
 */
import crypto from 'node:crypto';
import { WebhookRejected, type CheckoutRequest, type CheckoutSession, type GatewayEvent, type PaymentGateway, type RefundRequest, type RefundResult, type VerifiedEvent } from '../types';

export const MANUAL_NOTICE = 'Pay your therapist directly, as you agree with them. Haven records the payment once your therapist marks it paid.';

export function createManualGateway(): PaymentGateway {
  return {
    name: 'manual',
    minCheckoutMs: 0,

    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      return { sessionId: `manual_${request.paymentId}`, url: null, expiresAt: null };
    },

    async completeReturn(): Promise<GatewayEvent> {
      return { kind: 'ignored', reason: MANUAL_NOTICE };
    },

    /** Nothing can be paid online through a manual checkout, so there is nothing to stop. */
    async expireCheckout() {
      return 'expired' as const;
    },

    async verifyWebhook(): Promise<VerifiedEvent> {
      throw new WebhookRejected('The manual provider receives no webhooks');
    },

    /** Records the refund; the therapist pays it back directly. The reference is stable for one idempotency key. */
    async refund(request: RefundRequest): Promise<RefundResult> {
      return { refundId: `manual_${crypto.createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}`, status: 'succeeded' };
    },
  };
}
