import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';

/** Weekday office hours (Monday to Friday) in the therapist's own zone. */
const OFFICE_HOURS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
const DEMO_THERAPISTS: Record<string, { timeZone: string; weeklyHours: typeof OFFICE_HOURS }> = {
  'dr.rivera@haven.example': { timeZone: 'America/Los_Angeles', weeklyHours: OFFICE_HOURS },
  'dr.chen@haven.example': { timeZone: 'Europe/Berlin', weeklyHours: OFFICE_HOURS.map((h) => ({ ...h, start: '08:00', end: '16:00' })) },
};

/**
 * Booking demo data (called once from demo-seed.ts on an empty database): the two verified demo
 * therapists get weekly hours; Alex gets one upcoming session with Dr. Rivera (booked through the
 * booking service, like any client) and one past, completed session with Dr. Chen.
 */
export async function seedBookingDemo(strapi: Core.Strapi) {
  const users = strapi.db.query('plugin::users-permissions.user');
  const booking = strapi.plugin('booking');
  const ids: Record<string, number> = {};
  for (const email of [...Object.keys(DEMO_THERAPISTS), 'alex@haven.example']) {
    const user = await users.findOne({ where: { email }, select: ['id'] });
    if (!user) return;
    ids[email] = user.id;
  }
  for (const [email, hours] of Object.entries(DEMO_THERAPISTS)) {
    await booking.service('availability').update(ids[email], { ...hours, minNoticeHours: 12, horizonDays: 90, bufferAfterMinutes: 10 });
  }
  const profileOf = async (email: string) =>
    strapi.db.query('api::therapist-profile.therapist-profile').findOne({ where: { user: { id: ids[email] } }, select: ['documentId', 'rateMinor', 'currency'] });
  const rivera = await profileOf('dr.rivera@haven.example');
  const chen = await profileOf('dr.chen@haven.example');

  // Upcoming: the next weekday at 10:00 in Los Angeles that is at least two days away.
  let day = DateTime.now().setZone('America/Los_Angeles').plus({ days: 2 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  const { bookings } = await booking.service('bookings').create(ids['alex@haven.example'], { therapist: rivera.documentId, start: day.toMillis() });
  if (bookings[0]?.status === 'pending_payment') await booking.service('payment-hook').markPaid(bookings[0].documentId);

  // Past: a completed session last week with Dr. Chen (written directly: the slot rules refuse the past).
  let past = DateTime.now().setZone('Europe/Berlin').minus({ days: 7 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 });
  while (past.weekday > 5) past = past.minus({ days: 1 });
  await strapi.db.query('plugin::booking.booking').create({
    data: {
      therapistUserId: ids['dr.chen@haven.example'],
      therapistProfileId: chen.documentId,
      clientUserId: ids['alex@haven.example'],
      startsAt: past.toJSDate(),
      endsAt: past.plus({ minutes: 50 }).toJSDate(),
      status: 'completed',
      confirmedAt: past.minus({ days: 7 }).toJSDate(),
      outcomeAt: past.plus({ minutes: 50 }).toJSDate(),
      rateMinor: chen.rateMinor,
      currency: chen.currency,
      sequence: 0,
    },
  });
}
