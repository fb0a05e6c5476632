/**
 * Busy times of an external calendar (Google, Outlook, Apple "secret address" ICS feeds), parsed with
 * ical.js: recurring events expanded (RRULE/RDATE, EXDATE honoured), moved or cancelled instances
 * (RECURRENCE-ID, STATUS:CANCELLED) honoured, all-day events blocking whole days in the therapist's
 * zone, times in any zone (IANA names through luxon, other names through the feed's own VTIMEZONE).
 * Free (TRANSP:TRANSPARENT) and cancelled events block nothing. Pure module.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { isIanaZone } from './zones';
import type { Interval } from './slots';

export interface ReadOptions {
  /** Only busy times overlapping [from, to) are kept. */
  from: number;
  to: number;
  /** The therapist's zone: all-day and floating times are read in it. */
  defaultZone: string;
  /** Upper bound on recurrence steps over the whole feed, so a hostile RRULE cannot spin for ever. */
  maxSteps?: number;
  /** Upper bound on busy intervals kept. */
  maxIntervals?: number;
}

export class IcsError extends Error {}

type Time = ICAL.Time;

function localInstant(t: Time, zone: string): number {
  return DateTime.fromObject({ year: t.year, month: t.month, day: t.day, hour: t.isDate ? 0 : t.hour, minute: t.isDate ? 0 : t.minute, second: t.isDate ? 0 : t.second }, { zone }).toMillis();
}

/** The instant of an ICAL.Time whose TZID parameter (if any) is `tzid`. */
function instant(t: Time, tzid: string | null, defaultZone: string): number {
  if (t.isDate) return localInstant(t, defaultZone);
  const zone = t.zone as (ICAL.Timezone & { component?: unknown }) | undefined;
  if (zone && (zone === ICAL.Timezone.utcTimezone || zone.tzid === 'UTC')) return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  if (tzid && isIanaZone(tzid)) return localInstant(t, tzid);
  // A non-IANA name (Outlook's "W. Europe Standard Time") defined by a VTIMEZONE in the feed itself.
  if (zone && zone.component && zone !== ICAL.Timezone.localTimezone) return t.toUnixTime() * 1000;
  return localInstant(t, defaultZone);
}

const tzidOf = (component: ICAL.Component, name: 'dtstart' | 'dtend'): string | null => {
  const value = component.getFirstProperty(name)?.getParameter('tzid');
  return typeof value === 'string' ? value : null;
};

const isFree = (component: ICAL.Component) =>
  String(component.getFirstPropertyValue('transp') ?? '').toUpperCase() === 'TRANSPARENT' ||
  String(component.getFirstPropertyValue('x-microsoft-cdo-busystatus') ?? '').toUpperCase() === 'FREE';
const isCancelled = (component: ICAL.Component) => String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';

/** Parses an ICS text; throws IcsError with a message fit for the therapist when it is not a calendar. */
export function readBusy(text: string, options: ReadOptions): Interval[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (err) {
    throw new IcsError(`This address did not return a valid calendar (ICS): ${(err as Error).message.slice(0, 200)}`);
  }
  if (root.name !== 'vcalendar') throw new IcsError('This address did not return a calendar (no VCALENDAR).');

  const maxSteps = options.maxSteps ?? 200_000;
  const maxIntervals = options.maxIntervals ?? 20_000;
  let steps = 0;
  const busy: Interval[] = [];
  const keep = (start: number, end: number) => {
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return;
    if (end <= options.from || start >= options.to) return;
    if (busy.length >= maxIntervals) throw new IcsError(`This calendar has more than ${maxIntervals} busy times in the coming months; only feeds smaller than that are supported.`);
    busy.push({ start, end });
  };

  // Group instances by UID: the master (with its rules) and its exceptions (RECURRENCE-ID).
  const masters = new Map<string, ICAL.Component>();
  const exceptions = new Map<string, ICAL.Component[]>();
  const standalone: ICAL.Component[] = [];
  for (const component of root.getAllSubcomponents('vevent')) {
    const uid = String(component.getFirstPropertyValue('uid') ?? '');
    if (!uid) standalone.push(component);
    else if (component.hasProperty('recurrence-id')) exceptions.set(uid, [...(exceptions.get(uid) ?? []), component]);
    else masters.set(uid, component);
  }
  // Exceptions whose master is absent stand on their own.
  for (const [uid, list] of exceptions) if (!masters.has(uid)) standalone.push(...list);

  const single = (component: ICAL.Component) => {
    if (isFree(component) || isCancelled(component) || !component.hasProperty('dtstart')) return;
    const event = new ICAL.Event(component);
    const start = instant(event.startDate, tzidOf(component, 'dtstart'), options.defaultZone);
    const endTime = event.endDate;
    const end = instant(endTime, tzidOf(component, component.hasProperty('dtend') ? 'dtend' : 'dtstart'), options.defaultZone);
    keep(start, event.startDate.isDate && end <= start ? DateTime.fromMillis(start, { zone: options.defaultZone }).plus({ days: 1 }).toMillis() : end);
  };

  for (const component of standalone) single(component);
  for (const [uid, master] of masters) {
    if (isCancelled(master) || !master.hasProperty('dtstart')) continue;
    const event = new ICAL.Event(master, { strictExceptions: true, exceptions: (exceptions.get(uid) ?? []).map((c) => new ICAL.Event(c)) });
    if (!event.isRecurring()) {
      single(master);
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      if (++steps > maxSteps) throw new IcsError('This calendar has recurring events too complex to expand; please share a simpler calendar.');
      const details = event.getOccurrenceDetails(next);
      const item = details.item.component;
      const start = instant(details.startDate, tzidOf(item, 'dtstart'), options.defaultZone);
      if (start >= options.to) {
        // Instances are generated in order of their original time; a moved instance may still land
        // inside the window, but the series itself is past it now.
        break;
      }
      if (isFree(item) || isCancelled(item)) continue;
      let end = instant(details.endDate, tzidOf(item, item.hasProperty('dtend') ? 'dtend' : 'dtstart'), options.defaultZone);
      if (details.startDate.isDate && end <= start) end = DateTime.fromMillis(start, { zone: options.defaultZone }).plus({ days: 1 }).toMillis();
      keep(start, end);
    }
  }
  return mergeIntervals(busy);
}

/** Sorted, with overlapping or touching intervals joined. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}
