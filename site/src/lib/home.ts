/**
 * What the home pages show, gathered on the server from the APIs the other pages use, all at once
 * (Promise.all). Each card has its own source and its own outcome: a source that fails turns into a
 * short message on that card only, never an error page. Server side only (the person's token).
 */
import { DateTime } from 'luxon';
import type { ConversationSummary } from '@haven/shared/chat';
import type { OutstandingTotal, PaymentView } from '@haven/shared/payments';
import type { TherapistPractice } from '@haven/shared/profiles';
import type { EntryView, SelfHarmFlagView } from '@haven/shared/wellness';
import type { Session } from './booking';
import { cms, type CmsResult, type Pagination } from './cms';
import { isValidTimeZone } from './format';
import { needsTwoStep } from './two-factor';

/** A card's data, or the sentence shown in its place. */
/** A card's data, or why not (`twoStep`: wellness asks the therapist to turn on two-step sign-in first). */
export type Card<T> = { ok: true; data: T } | { ok: false; message: string; twoStep?: boolean };

const cardOf = <T, D>(result: CmsResult<T>, pick: (body: T) => D, what: string): Card<D> =>
  result.ok ? { ok: true, data: pick(result.data) } : { ok: false, message: `${what} cannot be shown just now. Please try again later.` };

type List<T> = { data: T[]; meta: { pagination: Pagination } };

export interface Unread {
  /** Unread messages over every conversation. */
  messages: number;
  /** Conversations holding them. */
  conversations: number;
  /** The one conversation with unread messages, when there is exactly one (to link straight to it). */
  only: string | null;
}

function unreadOf(conversations: ConversationSummary[]): Unread {
  const waiting = conversations.filter((c) => c.unread > 0);
  return { messages: waiting.reduce((sum, c) => sum + c.unread, 0), conversations: waiting.length, only: waiting.length === 1 ? waiting[0].id : null };
}

/** Where "read your messages" leads: straight to the one conversation holding them, else the list. */
export const unreadHref = (unread: Unread): string => (unread.only ? `/messages?c=${unread.only}` : '/messages');

const unread = (token: string) => cms<{ data: ConversationSummary[] }>('/api/chat/conversations', { token });

const zoneOf = (zone: string) => (isValidTimeZone(zone) ? zone : 'UTC');

/** A session's room opens shortly before it starts: the home links to it from an hour before until it ends. */
export const ROOM_LINK_MINUTES = 60;

export function roomIsNear(session: Pick<Session, 'startsAt' | 'endsAt' | 'status'>, now = Date.now()): boolean {
  return session.status === 'confirmed' && Date.parse(session.startsAt) - now <= ROOM_LINK_MINUTES * 60_000 && Date.parse(session.endsAt) > now;
}

export interface ClientHome {
  next: Card<{ session: Session | null; more: number }>;
  /** Whether the person has ever had a session (null when it could not be read): "find a therapist" or "book again". */
  hadSessions: boolean | null;
  /** The therapist of the latest past session, to book again with. */
  lastTherapist: { id: string; displayName: string } | null;
  unread: Card<Unread>;
  checkIn: Card<{ done: boolean; date: string }>;
  payments: Card<{ open: PaymentView[]; total: number }>;
}

export async function clientHome(token: string, timeZone: string): Promise<ClientHome> {
  const today = DateTime.now().setZone(zoneOf(timeZone)).toISODate()!;
  const [upcoming, past, conversations, entry, payments] = await Promise.all([
    cms<List<Session>>('/api/booking/bookings?scope=upcoming&pageSize=1', { token }),
    cms<List<Session>>('/api/booking/bookings?scope=past&pageSize=1', { token }),
    unread(token),
    cms<{ data: EntryView }>(`/api/wellness/entries/${today}`, { token }),
    cms<List<PaymentView>>('/api/payments?role=client&status=pending&pageSize=5', { token }),
  ]);
  const total = (r: CmsResult<List<Session>>) => (r.ok ? r.data.meta.pagination.total : null);
  const [upcomingCount, pastCount] = [total(upcoming), total(past)];
  return {
    next: cardOf(upcoming, (body) => ({ session: body.data[0] ?? null, more: Math.max(0, body.meta.pagination.total - 1) }), 'Your sessions'),
    hadSessions: upcomingCount === null || pastCount === null ? null : upcomingCount + pastCount > 0,
    lastTherapist: past.ok && past.data.data[0] ? { id: past.data.data[0].therapistId, displayName: past.data.data[0].with.displayName } : null,
    unread: cardOf(conversations, (body) => unreadOf(body.data), 'Your messages'),
    // No entry for today is a 404: that is "not yet", not a failure.
    checkIn: entry.ok || entry.status === 404 ? { ok: true, data: { done: entry.ok, date: today } } : { ok: false, message: "Today's check-in cannot be shown just now. Please try again later." },
    payments: cardOf(payments, (body) => ({ open: body.data, total: body.meta.pagination.total }), 'Your payments'),
  };
}

export interface TherapistHome {
  today: Card<Session[]>;
  unread: Card<Unread>;
  flags: Card<SelfHarmFlagView[]>;
  owed: Card<OutstandingTotal[]>;
  /** Where verification stands (null when it could not be read: the card is then left out, it only matters before verification). */
  verification: TherapistPractice['verificationStatus'] | null;
}

export async function therapistHome(token: string, timeZone: string): Promise<TherapistHome> {
  const zone = zoneOf(timeZone);
  const day = DateTime.now().setZone(zone);
  const window = `from=${encodeURIComponent(day.startOf('day').toUTC().toISO()!)}&to=${encodeURIComponent(day.endOf('day').plus({ milliseconds: 1 }).toUTC().toISO()!)}`;
  const [schedule, conversations, flags, owed, practice] = await Promise.all([
    cms<{ data: Session[] }>(`/api/booking/schedule?${window}`, { token }),
    unread(token),
    cms<{ data: SelfHarmFlagView[] }>('/api/wellness/flags', { token }),
    cms<List<PaymentView> & { meta: { totals?: OutstandingTotal[] } }>('/api/payments?outstanding=true&pageSize=1', { token }),
    cms<{ data: TherapistPractice }>('/api/therapist-profiles/me', { token }),
  ]);
  return {
    today: cardOf(schedule, (body) => body.data, "Today's sessions"),
    unread: cardOf(conversations, (body) => unreadOf(body.data), 'Your messages'),
    flags: needsTwoStep(flags) ? { ok: false as const, message: 'Turn on two-step sign-in to see check-in alerts.', twoStep: true } : cardOf(flags, (body) => body.data, 'Check-in alerts'),
    owed: cardOf(owed, (body) => (body.meta.totals ?? []).filter((t) => t.amountMinor > 0), 'Outstanding payments'),
    verification: practice.ok ? practice.data.data.verificationStatus : null,
  };
}

/** "Tuesday 8 December, 10:00–10:50" in the viewer's zone (the page says which zone once). */
export function sessionWhen(session: Pick<Session, 'startsAt' | 'endsAt'>, zone: string): string {
  const start = DateTime.fromISO(session.startsAt).setZone(zoneOf(zone)).setLocale('en-GB');
  const end = DateTime.fromISO(session.endsAt).setZone(zoneOf(zone));
  return `${start.toFormat('cccc d LLLL')}, ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`;
}

/** "10:00–10:50" in the viewer's zone. */
export const sessionHours = (session: Pick<Session, 'startsAt' | 'endsAt'>, zone: string) =>
  `${DateTime.fromISO(session.startsAt).setZone(zoneOf(zone)).toFormat('HH:mm')}–${DateTime.fromISO(session.endsAt).setZone(zoneOf(zone)).toFormat('HH:mm')}`;

/** "in 2 days", "in 45 minutes", "now" (it has started). */
export function startsIn(session: Pick<Session, 'startsAt'>, now = Date.now()): string {
  const start = DateTime.fromISO(session.startsAt);
  if (start.toMillis() <= now) return 'now';
  return start.toRelative({ base: DateTime.fromMillis(now), locale: 'en', round: true }) ?? '';
}

/** A zone as people read it: "Europe/London" → "Europe/London" with spaces for underscores. */
export const zoneLabel = (zone: string) => zoneOf(zone).replaceAll('_', ' ');

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A calendar day (YYYY-MM-DD) as "6 December 2026", the way the rest of the home writes dates. */
export function dayOf(date: string): string {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  return day.isValid ? day.setLocale('en-GB').toFormat('d LLLL yyyy') : date;
}
