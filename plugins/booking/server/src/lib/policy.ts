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

/** The two numbers of a policy, copied (the booking keeps them; later edits of the rules must not reach it). */
export function policyTerms(policy: CancellationPolicy): CancellationPolicy {
  return { freeCancellationHours: policy.freeCancellationHours, lateCancellationRefundPercent: policy.lateCancellationRefundPercent };
}

const isTerm = (value: unknown, max: number) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

/**
 * The policy a booking was made under: the copy it stores. Bookings written before bookings kept
 * their policy (or by code that wrote rows directly) have none; they get the therapist's current
 * policy, the only record there is of what was shown, and `asBooked` says so. The plugin's start
 * copies the current policy into every open booking that has none (db/backfill.ts), so from the
 * upgrade on, later edits no longer reach those bookings either.
 */
export function bookedPolicy(stored: unknown, current: CancellationPolicy): { policy: CancellationPolicy; asBooked: boolean } {
  const s = stored as Partial<CancellationPolicy> | null;
  if (s && typeof s === 'object' && isTerm(s.freeCancellationHours, 24 * 365) && isTerm(s.lateCancellationRefundPercent, 100)) {
    return { policy: policyTerms(s as CancellationPolicy), asBooked: true };
  }
  return { policy: policyTerms(current), asBooked: false };
}

export const samePolicy = (a: CancellationPolicy, b: CancellationPolicy) =>
  a.freeCancellationHours === b.freeCancellationHours && a.lateCancellationRefundPercent === b.lateCancellationRefundPercent;
