import { describe, expect, it } from 'vitest';
import { bookedPolicy, describePolicy, policyTerms, refundFor, samePolicy } from '../policy';

const current = { freeCancellationHours: 24, lateCancellationRefundPercent: 0 };
const H = 3_600_000;

describe('the policy a booking keeps', () => {
  it('uses the stored policy when it is well-formed, and says so', () => {
    expect(bookedPolicy({ freeCancellationHours: 0, lateCancellationRefundPercent: 100 }, current)).toEqual({ policy: { freeCancellationHours: 0, lateCancellationRefundPercent: 100 }, asBooked: true });
    // Only the two terms are kept, whatever else the JSON holds.
    expect(bookedPolicy({ freeCancellationHours: 48, lateCancellationRefundPercent: 50, text: 'x' }, current).policy).toEqual({ freeCancellationHours: 48, lateCancellationRefundPercent: 50 });
  });

  it('falls back to the current policy for rows without one, or with anything malformed', () => {
    for (const stored of [null, undefined, 'generous', 42, [], {}, { freeCancellationHours: 24 }, { freeCancellationHours: -1, lateCancellationRefundPercent: 0 }, { freeCancellationHours: 1, lateCancellationRefundPercent: 101 }, { freeCancellationHours: 1.5, lateCancellationRefundPercent: 0 }, { freeCancellationHours: '24', lateCancellationRefundPercent: 0 }]) {
      expect(bookedPolicy(stored, current), JSON.stringify(stored)).toEqual({ policy: current, asBooked: false });
    }
  });

  it('copies the terms, so a later change of the rules object does not reach the copy', () => {
    const rules = { ...current, timeZone: 'UTC' };
    const copy = policyTerms(rules);
    rules.freeCancellationHours = 99;
    expect(copy).toEqual(current);
  });

  it('compares the two terms only', () => {
    expect(samePolicy(current, { ...current })).toBe(true);
    expect(samePolicy(current, { ...current, freeCancellationHours: 25 })).toBe(false);
    expect(samePolicy(current, { ...current, lateCancellationRefundPercent: 1 })).toBe(false);
  });

  it('refunds by the booked policy: early in full, late its percentage; therapists always in full', () => {
    const booked = { freeCancellationHours: 48, lateCancellationRefundPercent: 25 };
    const start = 100 * H;
    expect(refundFor(booked, 'client', start, start - 48 * H, 10000, 'EUR')).toMatchObject({ kind: 'full', percent: 100, amountMinor: 10000 });
    expect(refundFor(booked, 'client', start, start - 47 * H, 10000, 'EUR')).toMatchObject({ kind: 'partial', percent: 25, amountMinor: 2500 });
    expect(refundFor({ ...booked, lateCancellationRefundPercent: 0 }, 'client', start, start - H, 10000, 'EUR')).toMatchObject({ kind: 'none', amountMinor: 0 });
    expect(refundFor(booked, 'therapist', start, start - H, 10000, 'EUR')).toMatchObject({ kind: 'full', amountMinor: 10000 });
    expect(describePolicy(booked)).toBe('Free cancellation and rescheduling up to 48 hours before the session; later, a 25% refund and no rescheduling. If your therapist cancels, you always get a full refund.');
  });
});
