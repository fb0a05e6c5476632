/** The cancellation policy: what refund a cancellation grants. Pure module. */
import type { Refund } from '@haven/shared/booking';

export type CancelledBy = 'client' | 'therapist' | 'system';

export type { Refund };

export interface CancellationPolicy {
  freeCancellationHours: number;
  lateCancellationRefundPercent: number;
}

/**
 * Therapists and the system (an unpaid hold that ran out) always refund in full; a client gets a full
 * refund up to `freeCancellationHours` before the start, later `lateCancellationRefundPercent`.
 */
export function refundFor(policy: CancellationPolicy, by: CancelledBy, startsAt: number, now: number, rateMinor: number, currency: string): Refund {
  const early = startsAt - now >= policy.freeCancellationHours * 3_600_000;
  const percent = by !== 'client' || early ? 100 : Math.min(100, Math.max(0, policy.lateCancellationRefundPercent));
  const kind = percent === 100 ? 'full' : percent === 0 ? 'none' : 'partial';
  return { kind, percent, amountMinor: Math.round((rateMinor * percent) / 100), currency };
}

/** Plain words for the policy, shown before anyone confirms a cancellation or a reschedule. */
export function describePolicy(policy: CancellationPolicy): string {
  const late =
    policy.lateCancellationRefundPercent === 0
      ? 'no refund'
      : policy.lateCancellationRefundPercent === 100
        ? 'a full refund'
        : `a ${policy.lateCancellationRefundPercent}% refund`;
  const window = policy.freeCancellationHours === 0 ? 'any time before the session' : `up to ${policy.freeCancellationHours} hours before the session`;
  return `Free cancellation and rescheduling ${window}; later, ${late} and no rescheduling. If your therapist cancels, you always get a full refund.`;
}
