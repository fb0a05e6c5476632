import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { booking } from '@haven/plugin-booking/public';
import { people } from '@haven/plugin-people/public';

/** Weekday office hours (Monday to Friday) in the therapist's own zone. */
const OFFICE_HOURS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
const DEMO_THERAPISTS: Record<string, { timeZone: string; weeklyHours: typeof OFFICE_HOURS }> = {
  'dr.rivera@haven.example': { timeZone: 'America/Los_Angeles', weeklyHours: OFFICE_HOURS },
  'dr.chen@haven.example': { timeZone: 'Europe/Berlin', weeklyHours: OFFICE_HOURS.map((h) => ({ ...h, start: '08:00', end: '16:00' })) },
};

/**
 * Booking demo data (called once from demo-seed.ts on an empty database): the two verified demo
 * therapists get weekly hours; Alex gets one upcoming session with Dr. Rivera (booked through the
 * booking plugin, like any client) and one past, completed session with Dr. Chen. Everything goes
 * through booking's and people's public contracts.
 */
export async function seedBookingDemo(strapi: Core.Strapi) {
  const users = strapi.db.query('plugin::users-permissions.user');
  const ids: Record<string, number> = {};
  for (const email of [...Object.keys(DEMO_THERAPISTS), 'alex@haven.example']) {
    const user = await users.findOne({ where: { email }, select: ['id'] });
    if (!user) return;
    ids[email] = user.id;
  }
  for (const [email, hours] of Object.entries(DEMO_THERAPISTS)) {
    await booking.setAvailability(ids[email], { ...hours, minNoticeHours: 12, horizonDays: 90, bufferAfterMinutes: 10 });
  }
  const rivera = await people.therapistByUserId(ids['dr.rivera@haven.example']);
  const chen = await people.therapistByUserId(ids['dr.chen@haven.example']);
  if (!rivera || !chen) return;

  // Upcoming: the next weekday at 10:00 in Los Angeles that is at least two days away.
  let day = DateTime.now().setZone('America/Los_Angeles').plus({ days: 2 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  const { bookings } = await booking.createBooking(ids['alex@haven.example'], { therapist: rivera.id, start: day.toMillis() });
  if (bookings[0]?.status === 'pending_payment') await booking.markPaid(bookings[0].id);

  // Past: a completed session last week with Dr. Chen (recorded as ended: the slot rules refuse the past).
  let past = DateTime.now().setZone('Europe/Berlin').minus({ days: 7 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 });
  while (past.weekday > 5) past = past.minus({ days: 1 });
  await booking.recordPastSession({
    therapistId: chen.id,
    clientUserId: ids['alex@haven.example'],
    startsAt: past.toJSDate(),
    minutes: 50,
    outcome: 'completed',
    confirmedAt: past.minus({ days: 7 }).toJSDate(),
  });
}
