// A year of sessions for the dashboards bench: clients paired with verified therapists (most with
// one, some with two), bookings held, cancelled, declined, missed, lapsed unpaid and still to come,
// the payments they made (by card and directly, in the therapist's currency) and the refunds.

const HOUR = 3_600_000;

/**
 * Writes `sizes.sessions` bookings with their payments and refunds; answers the relationships
 * (client, therapist, first session) that chat and wellness build on.
 */
export async function generateSessions(ctx, { clients, verified }) {
  const { w, rng, now, YEAR, DAY, sizes } = ctx;
  const bookings = w.table('plugin::booking.booking');
  if (!bookings || !verified.length) return { relationships: [] };

  // Two clients in five ever book; a tenth of those see a second therapist. Heavy-tailed weights:
  // most relationships are a few sessions, some are weekly for the whole year.
  const relationships = [];
  for (const client of clients) {
    if (!rng.chance(0.4)) continue;
    const count = rng.chance(0.1) ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const therapist = rng.pick(verified);
      if (relationships.some((r) => r.client === client && r.therapist === therapist)) continue;
      const start = Math.max(client.created, therapist.verifiedAt, now - YEAR) + rng.next() * 14 * DAY;
      if (start > now - DAY) continue;
      relationships.push({ client, therapist, start, weight: Math.pow(1 - rng.next(), -1 / 1.6) });
    }
  }
  const totalWeight = relationships.reduce((sum, r) => sum + r.weight, 0);
  const cumulative = [];
  relationships.reduce((sum, r, i) => (cumulative[i] = sum + r.weight), 0);
  const drawRelationship = () => {
    const x = rng.next() * totalWeight;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return relationships[lo];
  };

  // Bookings: a start on the hour in the day, from the relationship's beginning to 30 days ahead.
  const plans = [];
  for (let i = 0; i < sizes.sessions; i++) {
    const r = drawRelationship();
    // Most sessions are behind us; people book at most a few weeks ahead.
    const at = rng.chance(0.08) ? now + rng.next() * 30 * DAY : r.start + rng.next() * (now - r.start);
    const day = Math.floor(at / DAY) * DAY;
    const startsAt = day + (8 + rng.int(10)) * HOUR;
    const createdAt = Math.max(r.start - DAY, startsAt - (1 + rng.next() * 20) * DAY, r.client.created + HOUR);
    plans.push({ r, startsAt, createdAt: Math.min(createdAt, now - 60_000) });
  }
  plans.sort((a, b) => a.createdAt - b.createdAt);
  const statusOf = (p) => {
    const past = p.startsAt + 50 * 60_000 < now;
    const d = rng.next();
    if (past) return d < 0.8 ? 'completed' : d < 0.86 ? 'cancelled' : d < 0.89 ? 'declined' : d < 0.93 ? 'no_show' : d < 0.97 ? 'expired' : 'cancelled-late';
    return d < 0.88 ? 'confirmed' : d < 0.93 ? 'pending_payment' : d < 0.98 ? 'cancelled' : 'declined';
  };
  const rows = plans.map((p) => {
    const { r } = p;
    const kind = statusOf(p);
    p.kind = kind;
    const endsAt = p.startsAt + 50 * 60_000;
    const paidAt = p.createdAt + 5 * 60_000;
    const values = {
      therapistUserId: r.therapist.userId,
      therapistProfileId: r.therapist.documentId,
      clientUserId: r.client.userId,
      startsAt: new Date(p.startsAt),
      endsAt: new Date(endsAt),
      rateMinor: r.therapist.rateMinor,
      currency: r.therapist.currency,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
      sequence: 0,
    };
    const between = (from, to) => new Date(Math.min(now - 60_000, from + rng.next() * Math.max(0, to - from)));
    if (kind === 'completed' || kind === 'no_show') Object.assign(values, { status: kind, confirmedAt: new Date(paidAt), paidAt: new Date(paidAt), outcomeAt: new Date(Math.min(now - 60_000, endsAt + HOUR)) });
    else if (kind === 'confirmed') Object.assign(values, { status: 'confirmed', confirmedAt: new Date(paidAt), paidAt: new Date(paidAt) });
    else if (kind === 'pending_payment') Object.assign(values, { status: 'pending_payment', holdExpiresAt: new Date(p.createdAt + 30 * 60_000) });
    else if (kind === 'expired') Object.assign(values, { status: 'expired', holdExpiresAt: new Date(p.createdAt + 30 * 60_000) });
    else if (kind === 'declined') Object.assign(values, { status: 'cancelled', cancelledBy: 'therapist', declinedAt: between(p.createdAt, p.startsAt), cancelledAt: null });
    else {
      // Cancelled after payment, by the client mostly; a late one (inside the notice) stays unrefunded.
      p.cancelledAt = kind === 'cancelled-late' ? between(p.startsAt - 12 * HOUR, p.startsAt) : between(paidAt, p.startsAt - 24 * HOUR);
      Object.assign(values, { status: 'cancelled', cancelledBy: rng.chance(0.85) ? 'client' : 'therapist', cancelledAt: p.cancelledAt, confirmedAt: new Date(paidAt), paidAt: new Date(paidAt) });
    }
    if (values.declinedAt) values.cancelledAt = values.declinedAt;
    return bookings.row(values, new Date(p.createdAt));
  });
  const bookingIds = await w.insert(bookings, rows, { phase: 'bookings' });
  plans.forEach((p, i) => Object.assign(p, { id: bookingIds[i], documentId: rows[i].document_id }));

  await generateMoney(ctx, plans);
  return { relationships, plans };
}

/** Payments for every paid booking (card, or direct and sometimes still owed) and refunds of cancellations. */
async function generateMoney(ctx, plans) {
  const { w, rng, now } = ctx;
  const payments = w.table('plugin::payments.payment');
  const refunds = w.table('plugin::payments.refund');
  if (!payments) return;
  const paid = plans.filter((p) => ['completed', 'no_show', 'confirmed', 'cancelled', 'cancelled-late'].includes(p.kind));
  const refundPlans = [];
  const rows = paid.map((p) => {
    const { r } = p;
    const amount = r.therapist.rateMinor;
    const direct = rng.chance(0.15);
    const paidAt = new Date(p.createdAt + 5 * 60_000);
    const values = {
      purchaseKey: `booking:${p.documentId}`,
      bookingId: p.documentId,
      items: [{ bookingId: p.documentId, startsAt: new Date(p.startsAt).toISOString(), amountMinor: amount }],
      payerUserId: r.client.userId,
      payeeUserId: r.therapist.userId,
      therapistId: r.therapist.documentId,
      amountMinor: amount,
      currency: r.therapist.currency,
      provider: direct ? 'manual' : 'stripe',
      status: 'succeeded',
      refundedMinor: 0,
      attempt: 1,
      flagged: false,
      waived: false,
      paidAt,
    };
    // A fifth of direct payments for sessions of the last two months are still owed.
    if (direct && p.startsAt > now - 60 * ctx.DAY && rng.chance(0.2)) Object.assign(values, { status: 'pending', paidAt: null });
    else if (p.kind === 'cancelled') {
      const part = rng.chance(0.3);
      const refunded = part ? Math.round(amount / 2) : amount;
      Object.assign(values, { status: part ? 'partially_refunded' : 'refunded', refundedMinor: refunded, refundedAt: p.cancelledAt });
      refundPlans.push({ p, amount: refunded, at: p.cancelledAt, kind: 'cancellation' });
    } else if (p.kind === 'completed' && rng.chance(0.01)) {
      const at = new Date(Math.min(now - 60_000, p.startsAt + 2 * ctx.DAY));
      Object.assign(values, { status: 'partially_refunded', refundedMinor: Math.round(amount / 4), refundedAt: at });
      refundPlans.push({ p, amount: Math.round(amount / 4), at, kind: 'staff' });
    }
    return payments.row(values, new Date(p.createdAt));
  });
  const paymentIds = await w.insert(payments, rows, { phase: 'payments' });
  const paymentOf = new Map(paid.map((p, i) => [p, { id: paymentIds[i], provider: rows[i][payments.column('provider')] }]));
  if (!refunds) return;
  await w.insert(
    refunds,
    refundPlans.map(({ p, amount, at, kind }, i) =>
      refunds.row(
        {
          paymentId: paymentOf.get(p).id,
          bookingId: p.documentId,
          amountMinor: amount,
          currency: p.r.therapist.currency,
          kind,
          reason: kind === 'staff' ? 'Bench: goodwill refund' : null,
          idempotencyKey: `bench-refund-${i}`,
          provider: paymentOf.get(p).provider,
          status: 'succeeded',
          requestedBy: kind === 'staff' ? 'admin:1' : 'system',
        },
        at,
      ),
    ),
    { phase: 'payments', ids: false },
  );
}
