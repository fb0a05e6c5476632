/**
 * The demo's past (called once from demo-seed.ts on an empty database, after the other demo parts),
 * so that the dashboards are alive on first start: about four months of a small practice.
 * - Sign-ups spread over time: each demo account's creation moved to when the demo says it joined.
 * - Sessions held, missed and cancelled: ten clients (Sam and community members, never Alex, whose
 *   history is the booking demo's) seeing Dr. Rivera or Dr. Chen weekly or every other week, each
 *   booked a few days ahead (booking.recordPastSession).
 * - Their direct payments: marked paid when held (and when missed, as the policy charges a no-show),
 *   the latest two still awaiting confirmation, two late cancellations refunded, in full and in half
 *   (payments.recordPastPayment).
 * - Days on which each person used the site (people.recordActivity), and a short exchange between Sam
 *   and Dr. Chen (chat).
 * Deterministic (a seeded generator) and written in batches where the contracts allow it.
 */
import type { Core } from '@strapi/strapi';
import { booking, type BookingSnapshot } from '@haven/plugin-booking/public';
import { chat } from '@haven/plugin-chat/public';
import { payments } from '@haven/plugin-payments/public';
import { people, type ActivityDay } from '@haven/plugin-people/public';
import { generator } from './wellness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 120;
const SESSION_MINUTES = 50;

/** How long ago each demo account joined (community members: their memberForDays). */
const JOINED_DAYS_AGO: Record<string, number> = {
  'dr.rivera@haven.example': 140,
  'dr.chen@haven.example': 135,
  'alex@haven.example': 125,
  'sam@haven.example': 45,
  'jordan@haven.example': 4,
};

/** Who sees whom, how often (weeks between sessions), and how much they use the site otherwise (share of days). */
const CLIENTS: { email: string; therapist: 'rivera' | 'chen'; everyWeeks: 1 | 2; active: number }[] = [
  { email: 'sam@haven.example', therapist: 'chen', everyWeeks: 1, active: 0.5 },
  { email: 'river@haven.example', therapist: 'rivera', everyWeeks: 1, active: 0.45 },
  { email: 'maya@haven.example', therapist: 'chen', everyWeeks: 2, active: 0.3 },
  { email: 'theo@haven.example', therapist: 'rivera', everyWeeks: 2, active: 0.25 },
  { email: 'priya@haven.example', therapist: 'chen', everyWeeks: 1, active: 0.35 },
  { email: 'jonah@haven.example', therapist: 'rivera', everyWeeks: 2, active: 0.2 },
  { email: 'lena@haven.example', therapist: 'chen', everyWeeks: 2, active: 0.3 },
  { email: 'omar@haven.example', therapist: 'rivera', everyWeeks: 1, active: 0.4 },
  { email: 'felix@haven.example', therapist: 'chen', everyWeeks: 1, active: 0.35 },
  { email: 'nadia@haven.example', therapist: 'rivera', everyWeeks: 2, active: 0.3 },
];
/** Session hours in UTC: within each therapist's office hours (Los Angeles, Berlin). */
const UTC_HOURS = { rivera: [17, 18, 19, 21, 22], chen: [8, 9, 10, 12, 13, 14] };
const THERAPIST_EMAILS = { rivera: 'dr.rivera@haven.example', chen: 'dr.chen@haven.example' };

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface HeldSession {
  session: BookingSnapshot;
  bookedAt: Date;
  cancelledAt: Date | null;
}

export async function seedDemoHistory(strapi: Core.Strapi, members: { email: string; memberForDays: number }[], now = Date.now()) {
  const started = Date.now();
  const rand = generator(17);
  const users = strapi.db.query('plugin::users-permissions.user');
  const joinedDaysAgo = new Map(Object.entries(JOINED_DAYS_AGO));
  for (const member of members) joinedDaysAgo.set(member.email, member.memberForDays);
  const found: { id: number; email: string }[] = await users.findMany({ where: { email: { $in: [...joinedDaysAgo.keys()] } }, select: ['id', 'email'] });
  const ids = new Map(found.map((u) => [u.email, u.id]));
  const joinedAt = new Map<string, number>();

  // Sign-ups: moved back to when each person joined, at some hour of that day.
  for (const [email, daysAgo] of joinedDaysAgo) {
    const id = ids.get(email);
    if (!id) continue;
    const at = now - daysAgo * DAY - Math.floor(rand() * 10) * HOUR;
    joinedAt.set(email, at);
    await users.update({ where: { id }, data: { createdAt: new Date(at), updatedAt: new Date(at) } });
  }

  const therapists = {
    rivera: await people.therapistByUserId(ids.get(THERAPIST_EMAILS.rivera) ?? 0),
    chen: await people.therapistByUserId(ids.get(THERAPIST_EMAILS.chen) ?? 0),
  };
  const sessions: HeldSession[] = [];
  const activity: ActivityDay[] = [];
  const historyStart = now - HISTORY_DAYS * DAY;

  for (const [i, client] of CLIENTS.entries()) {
    const clientId = ids.get(client.email);
    const therapist = therapists[client.therapist];
    if (!clientId || !therapist) continue;
    const since = Math.max(historyStart, (joinedAt.get(client.email) ?? historyStart) + 3 * DAY);
    // A weekday (Monday to Friday) and hour of their own, at or after `since`.
    const hours = UTC_HOURS[client.therapist];
    const first = new Date(since);
    first.setUTCHours(hours[i % hours.length], 0, 0, 0);
    const weekday = 1 + (i % 5);
    first.setUTCDate(first.getUTCDate() + ((weekday - first.getUTCDay() + 7) % 7));
    for (let startsAt = first.getTime(); startsAt + SESSION_MINUTES * 60_000 < now - HOUR; startsAt += client.everyWeeks * 7 * DAY) {
      const roll = rand();
      const outcome = roll < 0.08 ? 'cancelled' : roll < 0.14 ? 'no_show' : 'completed';
      const bookedAt = new Date(Math.max(since - 2 * DAY, startsAt - (2 + Math.floor(rand() * 8)) * DAY - Math.floor(rand() * 8) * HOUR));
      const cancelledAt = outcome === 'cancelled' ? new Date(startsAt - (rand() < 0.5 ? 20 : 60) * HOUR) : null;
      const session = await booking.recordPastSession({
        therapistId: therapist.id,
        clientUserId: clientId,
        startsAt: new Date(startsAt),
        minutes: SESSION_MINUTES,
        outcome,
        bookedAt,
        confirmedAt: bookedAt,
        ...(cancelledAt ? { cancelledAt, cancelledBy: 'client' as const } : {}),
      });
      sessions.push({ session, bookedAt, cancelledAt });
      activity.push({ userId: clientId, day: dayOf(bookedAt.getTime()) });
      if (outcome !== 'cancelled') activity.push({ userId: clientId, day: dayOf(startsAt) }, { userId: therapist.userId, day: dayOf(startsAt) });
    }
  }

  // Payments: paid when held or missed; the latest two held still await confirmation; two late cancellations refunded.
  const byStart = [...sessions].sort((a, b) => Date.parse(a.session.startsAt) - Date.parse(b.session.startsAt));
  const awaiting = new Set(byStart.filter((s) => s.session.status === 'completed').slice(-2).map((s) => s.session.id));
  let refunds = 0;
  for (const { session, bookedAt, cancelledAt } of byStart) {
    const ended = Date.parse(session.endsAt);
    if (session.status === 'cancelled') {
      // Cancelled less than a day ahead: the first two had been paid in advance and were refunded.
      if (!cancelledAt || Date.parse(session.startsAt) - cancelledAt.getTime() > DAY || refunds >= 2) continue;
      const amountMinor = refunds === 0 ? session.rateMinor : Math.round(session.rateMinor / 2);
      const percent = refunds === 0 ? 100 : 50;
      refunds++;
      await payments.recordPastPayment({
        session,
        createdAt: bookedAt,
        paidAt: new Date(bookedAt.getTime() + 2 * HOUR),
        refund: { amountMinor, at: cancelledAt, reason: `Cancelled by the client (${percent}% refund under the cancellation policy)` },
      });
      continue;
    }
    await payments.recordPastPayment({ session, createdAt: bookedAt, paidAt: awaiting.has(session.id) ? null : new Date(ended + Math.floor(rand() * 20) * HOUR) });
  }

  // Activity: the days above, plus each person's other visits since joining.
  const rates = new Map<string, number>([
    ['alex@haven.example', 0.85],
    [THERAPIST_EMAILS.rivera, 0.7],
    [THERAPIST_EMAILS.chen, 0.7],
    ...CLIENTS.map((c): [string, number] => [c.email, c.active]),
  ]);
  for (const [email, id] of ids) {
    const rate = rates.get(email) ?? 0.15;
    for (let day = Math.max(historyStart, joinedAt.get(email) ?? now); day <= now; day += DAY) {
      if (rand() < rate) activity.push({ userId: id, day: dayOf(day) });
    }
  }
  await people.recordActivity(activity);

  await seedSamAndChen(ids.get('sam@haven.example'), ids.get(THERAPIST_EMAILS.chen));
  strapi.log.info(`[seed] demo history ready: ${sessions.length} past sessions, ${activity.length} activity days (${Date.now() - started} ms)`);
}

/** A short recent exchange between Sam and Dr. Chen, who see each other weekly. */
async function seedSamAndChen(sam: number | undefined, chen: number | undefined) {
  if (!sam || !chen) return;
  const { conversationId } = await chat.openConversation(sam, chen);
  await chat.storeMessage(conversationId, sam, 'Hi Dr. Chen, could we spend part of Thursday on the sleep diary? I kept it all week.');
  await chat.storeMessage(conversationId, chen, 'Of course, Sam. Bring it along and we will start with it. Well done for keeping it every day.');
}
