/**
 * Calendar files Haven writes: the subscription feed of each user and the invitation attached to
 * confirmation and change emails, written with ical-generator. Every booking keeps one UID for its
 * whole life; each change raises SEQUENCE, so calendars replace the event instead of adding one.
 * The text says "Therapy session" and the other person's display name, nothing clinical. Pure module.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface CalendarEntry {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  /** The other party's display name. */
  withName: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  url?: string;
  updatedAt?: Date;
}

const PROD_ID = { company: 'Haven', product: 'Therapy sessions', language: 'EN' };

function addEntry(calendar: ReturnType<typeof ical>, entry: CalendarEntry) {
  return calendar.createEvent({
    id: entry.uid,
    sequence: entry.sequence,
    start: entry.start,
    end: entry.end,
    stamp: entry.updatedAt ?? new Date(),
    summary: `Therapy session with ${entry.withName}`,
    description: entry.url ? `Manage this session on Haven: ${entry.url}` : 'Booked on Haven.',
    url: entry.url ?? null,
    status: entry.status === 'cancelled' ? ICalEventStatus.CANCELLED : entry.status === 'tentative' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
  });
}

/** A subscription feed (no METHOD: calendars treat it as published, read-only). */
export function renderFeed(name: string, entries: CalendarEntry[]): string {
  const calendar = ical({ name, prodId: PROD_ID, ttl: 15 * 60 });
  for (const entry of entries) addEntry(calendar, entry);
  return calendar.toString();
}

/** An invitation (METHOD:REQUEST) or a cancellation (METHOD:CANCEL) of one session, for an email attachment. */
export function renderInvitation(entry: CalendarEntry, organizer: { name: string; email: string }, attendee: { name: string; email: string }): string {
  const calendar = ical({ prodId: PROD_ID, method: entry.status === 'cancelled' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST });
  const event = addEntry(calendar, entry);
  event.organizer(organizer);
  event.createAttendee({ name: attendee.name, email: attendee.email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.ACCEPTED });
  return calendar.toString();
}
