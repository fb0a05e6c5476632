/**
 * The demo's past (called once from demo-seed.ts on an empty database, after the other demo parts),
 * so that the dashboards are alive on first start: about four months of a small practice.
 * - Sign-ups spread over time: each demo account's creation moved to when the demo says it joined
 *   (newcomers of the last month among them), and each therapist profile to half an hour after its account
 *   (verified two days later), so a waiting application has waited since its sign-up.
 * - Sessions held, missed, cancelled and a few declined by the therapist: ten clients (Sam and community members, never Alex, whose
 *   history is the booking demo's) seeing Dr. Rivera or Dr. Chen weekly or every other week, each
 *   booked a few days ahead (booking.recordPastSession).
 * - Their direct payments: marked paid when held (and when missed, as the policy charges a no-show),
 *   the latest two still awaiting confirmation, two late cancellations refunded, in full and in half
 *   (payments.recordPastPayment).
 * - Days on which each person used the site (people.recordActivity), and messages between each client
 *   and their therapist over the months, answered after minutes to hours (demo/conversations.ts).
 * Deterministic (a seeded generator) and written in batches where the contracts allow it.
 */
import type { Core } from '@strapi/strapi';
import { booking, type BookingSnapshot } from '@haven/plugin-booking/public';
import { payments } from '@haven/plugin-payments/public';
import { people, type ActivityDay } from '@haven/plugin-people/public';
import { seedDemoConversations, type DemoPair } from './conversations';
import { generator } from './wellness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 120;
const SESSION_MINUTES = 50;

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
const THERAPIST_NAMES = { rivera: 'Dr. Rivera', chen: 'Dr. Chen' };
const THERAPIST_PROFILE_UID = 'api::therapist-profile.therapist-profile';
const DECLINE_MESSAGE = 'I am sorry, I cannot take this session after all. Please book another time that suits you.';
/** Sam's and Dr. Chen's latest exchange (the demo's client log-in sees it). */
const SAM_AND_CHEN: [string, string] = [
  'Hi Dr. Chen, could we spend part of Thursday on the sleep diary? I kept it all week.',
  'Of course, Sam. Bring it along and we will start with it. Well done for keeping it every day.',
];

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface HeldSession {
  session: BookingSnapshot;
  bookedAt: Date;
  cancelledAt: Date | null;
}

/** Every demo account by email, and how many days ago the demo says it joined. */
export async function seedDemoHistory(strapi: Core.Strapi, accounts: { email: string; joinedDaysAgo: number }[], now = Date.now()) {
  const started = Date.now();
  const rand = generator(17);
  const users = strapi.db.query('plugin::users-permissions.user');
  const joinedDaysAgo = new Map(accounts.map((a): [string, number] => [a.email, a.joinedDaysAgo]));
  const found: { id: number; email: string }[] = await users.findMany({ where: { email: { $in: [...joinedDaysAgo.keys()] } }, select: ['id', 'email'] });
  const ids = new Map(found.map((u) => [u.email, u.id]));
  const joinedAt = new Map<string, number>();

  // Sign-ups: moved back to when each person joined, an hour or more before the same time of that day.
  for (const [email, daysAgo] of joinedDaysAgo) {
    const id = ids.get(email);
    if (!id) continue;
    const at = now - daysAgo * DAY - (1 + Math.floor(rand() * 10)) * HOUR;
    joinedAt.set(email, at);
    await users.update({ where: { id }, data: { createdAt: new Date(at), updatedAt: new Date(at) } });
  }
  await backdateTherapistProfiles(strapi, ids, joinedAt);

  const therapists = {
    rivera: await people.therapistByUserId(ids.get(THERAPIST_EMAILS.rivera) ?? 0),
    chen: await people.therapistByUserId(ids.get(THERAPIST_EMAILS.chen) ?? 0),
  };
  const sessions: HeldSession[] = [];
  const pairs: DemoPair[] = [];
  const activity: ActivityDay[] = [];
  const historyStart = now - HISTORY_DAYS * DAY;

  for (const [i, client] of CLIENTS.entries()) {
    const clientId = ids.get(client.email);
    const therapist = therapists[client.therapist];
    if (!clientId || !therapist) continue;
    const since = Math.max(historyStart, (joinedAt.get(client.email) ?? historyStart) + 3 * DAY);
    // A weekday (Monday to Friday) and hour of their own, at or after `since`.
    const hours = UTC_HOURS[client.therapist];
    const pair: DemoPair = { clientUserId: clientId, therapistUserId: therapist.userId, therapistName: THERAPIST_NAMES[client.therapist], sessionStarts: [] };
    if (client.email === 'sam@haven.example') pair.lastExchange = SAM_AND_CHEN;
    pairs.push(pair);
    const first = new Date(since);
    first.setUTCHours(hours[i % hours.length], 0, 0, 0);
    const weekday = 1 + (i % 5);
    first.setUTCDate(first.getUTCDate() + ((weekday - first.getUTCDay() + 7) % 7));
    for (let startsAt = first.getTime(); startsAt + SESSION_MINUTES * 60_000 < now - HOUR; startsAt += client.everyWeeks * 7 * DAY) {
      const roll = rand();
      const outcome = roll < 0.05 ? 'declined' : roll < 0.12 ? 'cancelled' : roll < 0.18 ? 'no_show' : 'completed';
      const bookedAt = new Date(Math.max(since - 2 * DAY, startsAt - (2 + Math.floor(rand() * 8)) * DAY - Math.floor(rand() * 8) * HOUR));
      // Declined by the therapist within hours of the booking; cancelled by the client a day or a few hours ahead.
      const cancelledAt =
        outcome === 'declined' ? new Date(bookedAt.getTime() + (2 + Math.floor(rand() * 18)) * HOUR) : outcome === 'cancelled' ? new Date(startsAt - (rand() < 0.5 ? 20 : 60) * HOUR) : null;
      const session = await booking.recordPastSession({
        therapistId: therapist.id,
        clientUserId: clientId,
        startsAt: new Date(startsAt),
        minutes: SESSION_MINUTES,
        outcome,
        bookedAt,
        confirmedAt: bookedAt,
        ...(outcome === 'cancelled' && cancelledAt ? { cancelledAt, cancelledBy: 'client' as const } : {}),
        ...(outcome === 'declined' && cancelledAt ? { cancelledAt, declineMessage: DECLINE_MESSAGE } : {}),
      });
      sessions.push({ session, bookedAt, cancelledAt });
      activity.push({ userId: clientId, day: dayOf(bookedAt.getTime()) });
      if (outcome === 'completed' || outcome === 'no_show') pair.sessionStarts.push(startsAt);
      if (outcome === 'completed' || outcome === 'no_show') activity.push({ userId: clientId, day: dayOf(startsAt) }, { userId: therapist.userId, day: dayOf(startsAt) });
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

  const messages = await seedDemoConversations(pairs, rand, now);
  strapi.log.info(`[seed] demo history ready: ${sessions.length} past sessions, ${activity.length} activity days, ${messages} messages (${Date.now() - started} ms)`);
}

/**
 * Therapist profiles (the CMS's own type, written by the seed's own step as the accounts above) moved
 * to half an hour after their account's sign-up; verified ones verified two days after that.
 */
async function backdateTherapistProfiles(strapi: Core.Strapi, ids: Map<string, number>, joinedAt: Map<string, number>) {
  const joinedById = new Map([...joinedAt].flatMap(([email, at]): [number, number][] => (ids.has(email) ? [[ids.get(email)!, at]] : [])));
  const profiles = strapi.db.query(THERAPIST_PROFILE_UID);
  const found: { id: number; verifiedAt: unknown; user: { id: number } | null }[] = await profiles.findMany({
    where: { user: { id: { $in: [...joinedById.keys()] } } },
    select: ['id', 'verifiedAt'],
    populate: { user: { select: ['id'] } },
  });
  for (const profile of found) {
    const at = profile.user ? joinedById.get(profile.user.id) : undefined;
    if (at === undefined) continue;
    const submitted = new Date(at + HOUR / 2);
    const verified = profile.verifiedAt ? { verifiedAt: new Date(submitted.getTime() + 2 * DAY) } : {};
    await profiles.update({ where: { id: profile.id }, data: { createdAt: submitted, updatedAt: submitted, ...verified } });
  }
}
