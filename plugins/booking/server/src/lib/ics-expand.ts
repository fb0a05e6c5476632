/**
 * Busy times of an external calendar (Google, Outlook, Apple "secret address" ICS feeds), parsed with
 * ical.js: recurring events expanded (RRULE/RDATE, EXDATE honoured), moved or cancelled instances
 * (RECURRENCE-ID, STATUS:CANCELLED) honoured, all-day events blocking whole days in the therapist's
 * zone, times in any zone (IANA names through luxon, other names through the feed's own VTIMEZONE).
 * Free (TRANSP:TRANSPARENT) and cancelled events block nothing.
 *
 * Runs ONLY inside the parse worker (ics-worker.ts), never on the CMS's main thread: ical.js's
 * recurrence iterator can loop for ever inside one `next()` on a rule that never occurs, and only
 * terminating the thread stops that. Everything else here is bounded: exceptions are grouped in one
 * pass, a dense rule from long ago starts near the window instead of at its DTSTART, and steps and
 * occurrences are capped, so ordinary hostile input fails fast with a plain reason.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { IcsError, prepareFeed } from './ics-scan';
import { isTimeZone } from '@haven/shared/zones';
import type { Interval } from './slots';

export interface ExpandOptions {
  /** Only busy times overlapping [from, to) are kept. */
  from: number;
  to: number;
  /** The therapist's zone: all-day and floating times are read in it. */
  defaultZone: string;
}

export const EXPANSION_LIMITS = {
  /** Recurrence steps over the whole feed (occurrences generated, inside the window or not). */
  maxSteps: 100_000,
  /** Occurrences inside the window, over the whole feed. */
  maxOccurrences: 20_000,
  /** Busy intervals kept after overlapping ones are joined. */
  maxIntervals: 20_000,
};

type Time = ICAL.Time;
const DAY = 86_400_000;
/** Wall-clock fields read as UTC are within this of the real instant in any real zone (UTC−12 … UTC+14, DST). */
const SLACK = 16 * 3_600_000;

function localInstant(t: Time, zone: string): number {
  return DateTime.fromObject({ year: t.year, month: t.month, day: t.day, hour: t.isDate ? 0 : t.hour, minute: t.isDate ? 0 : t.minute, second: t.isDate ? 0 : t.second }, { zone }).toMillis();
}

/** The instant of an ICAL.Time whose TZID parameter (if any) is `tzid`. */
function instant(t: Time, tzid: string | null, defaultZone: string): number {
  if (t.isDate) return localInstant(t, defaultZone);
  const zone = t.zone as (ICAL.Timezone & { component?: unknown }) | undefined;
  if (zone && (zone === ICAL.Timezone.utcTimezone || zone.tzid === 'UTC')) return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  if (tzid && isTimeZone(tzid)) return localInstant(t, tzid);
  // A non-IANA name (Outlook's "W. Europe Standard Time") defined by a VTIMEZONE in the feed itself.
  if (zone && zone.component && zone !== ICAL.Timezone.localTimezone) return t.toUnixTime() * 1000;
  return localInstant(t, defaultZone);
}

/** The wall-clock fields read as UTC: cheap, and within SLACK of the real instant. */
const rough = (t: Time) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);

const tzidOf = (component: ICAL.Component, name: string): string | null => {
  const value = component.getFirstProperty(name)?.getParameter('tzid');
  return typeof value === 'string' ? value : null;
};
const text = (component: ICAL.Component, name: string) => String(component.getFirstPropertyValue(name) ?? '').toUpperCase();
const blocksNothing = (c: ICAL.Component) =>
  text(c, 'transp') === 'TRANSPARENT' || text(c, 'x-microsoft-cdo-busystatus') === 'FREE' || text(c, 'status') === 'CANCELLED';

const startOf = (component: ICAL.Component): Time | null => {
  const value = component.getFirstPropertyValue('dtstart');
  return value instanceof ICAL.Time ? value : null;
};

/**
 * How long each occurrence lasts (DURATION, else DTEND − DTSTART, else a day for all-day events), or
 * null for an instant. Read from the properties, not through ICAL.Event: its constructor scans every
 * other event of the calendar for exceptions, which makes a feed of n events cost n².
 */
function durationOf(component: ICAL.Component, start: Time): ICAL.Duration | null {
  const duration = component.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration) return duration;
  const end = component.getFirstPropertyValue('dtend');
  if (end instanceof ICAL.Time) return end.subtractDateTz(start);
  return start.isDate ? ICAL.Duration.fromData({ days: 1 }) : null;
}

/** Step sizes of the frequencies whose DTSTART may be moved forward by whole periods (ms, nominal). */
const PERIOD: Partial<Record<string, number>> = { SECONDLY: 1000, MINUTELY: 60_000, HOURLY: 3_600_000, DAILY: DAY, WEEKLY: 7 * DAY };

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True for a rule that asks for a day no month it allows has (the 30th of February, the 31st of
 * April): it never occurs, and ical.js would search for it for ever. Such a series blocks nothing.
 */
function neverOccurs(rule: ICAL.Recur): boolean {
  const parts = rule.parts as Record<string, unknown>;
  const days = Array.isArray(parts.BYMONTHDAY) ? parts.BYMONTHDAY.map(Number) : [];
  if (!days.length) return false;
  const months = Array.isArray(parts.BYMONTH) ? parts.BYMONTH.map(Number).filter((m) => m >= 1 && m <= 12) : [];
  const longest = months.length ? Math.max(...months.map((m) => DAYS_IN_MONTH[m - 1])) : 31;
  return days.every((d) => Math.abs(d) > longest || d === 0);
}

/**
 * Where a rule's iteration may start: its DTSTART, or — for a rule without COUNT — a start moved
 * forward by whole periods to well before the window. That keeps every later occurrence (the rule's
 * grid and its BY… filters are unchanged), and the moved start itself (always an occurrence) lies
 * before the window and is dropped. Without this a minutely rule from 1970 takes millions of steps.
 */
function iterationStart(rule: ICAL.Recur, dtstart: Time, durationMs: number, from: number): Time {
  if (rule.count) return dtstart;
  const interval = Math.max(1, rule.interval || 1);
  const target = from - SLACK - Math.max(0, durationMs);
  const period = PERIOD[rule.freq];
  const moved = dtstart.clone();
  if (period) {
    const step = period * interval;
    const periods = Math.floor((target - rough(dtstart)) / step) - 1;
    if (periods < 1) return dtstart;
    const seconds = (periods * step) / 1000;
    moved.adjust(Math.floor(seconds / 86_400), 0, 0, seconds % 86_400);
    return moved;
  }
  // Months and years have no fixed length: move by whole periods only when DTSTART's day exists in
  // every month, two periods short of the target so that a long month cannot carry it past.
  if ((rule.freq !== 'MONTHLY' && rule.freq !== 'YEARLY') || dtstart.day > 28) return dtstart;
  const months = rule.freq === 'MONTHLY' ? interval : 12 * interval;
  const end = new Date(target);
  const first = dtstart.year * 12 + dtstart.month - 1;
  const periods = Math.floor((end.getUTCFullYear() * 12 + end.getUTCMonth() - first) / months) - 2;
  if (periods < 1) return dtstart;
  const total = first + periods * months;
  moved.year = Math.floor(total / 12);
  moved.month = (total % 12) + 1;
  return moved;
}

/** Parses and expands; throws IcsError with a message fit for the therapist. Synchronous: worker only. */
export function expandBusy(feed: string, options: ExpandOptions, limits = EXPANSION_LIMITS): Interval[] {
  const prepared = prepareFeed(feed);
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(prepared) as unknown[]);
  } catch (err) {
    throw new IcsError(`This address did not return a valid calendar (ICS): ${(err as Error).message.slice(0, 200)}`);
  }
  if (root.name !== 'vcalendar') throw new IcsError('This address did not return a calendar (no VCALENDAR).');
  const { from, to, defaultZone } = options;
  let steps = 0;
  let occurrences = 0;
  const busy: Interval[] = [];
  const keep = (start: number, end: number) => {
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start || end <= from || start >= to) return;
    if (++occurrences > limits.maxOccurrences) throw new IcsError(`This calendar has more than ${limits.maxOccurrences.toLocaleString('en')} events in the coming months; only feeds smaller than that are supported.`);
    const last = busy[busy.length - 1];
    // Occurrences of one series come in order: joining touching ones here keeps dense rules small.
    if (last && start >= last.start && start <= last.end) last.end = Math.max(last.end, end);
    else busy.push({ start, end });
  };
  /** End of an occurrence starting at `start` (an ICAL.Time) that lasts `duration`. */
  const endOf = (component: ICAL.Component, duration: ICAL.Duration, start: Time, startMs: number) => {
    const end = start.clone();
    end.addDuration(duration);
    let endMs = instant(end, tzidOf(component, component.hasProperty('dtend') ? 'dtend' : 'dtstart'), defaultZone);
    if (start.isDate && endMs <= startMs) endMs = DateTime.fromMillis(startMs, { zone: defaultZone }).plus({ days: 1 }).toMillis();
    return endMs;
  };
  const single = (component: ICAL.Component) => {
    const dtstart = startOf(component);
    const duration = dtstart && durationOf(component, dtstart);
    if (!dtstart || !duration || blocksNothing(component)) return;
    const start = instant(dtstart, tzidOf(component, 'dtstart'), defaultZone);
    keep(start, endOf(component, duration, dtstart, start));
  };

  // One pass groups each series: its master (with the rules) and the instants its exceptions replace.
  const masters = new Map<string, ICAL.Component>();
  const replaced = new Map<string, Set<number>>();
  const standalone: ICAL.Component[] = [];
  for (const component of root.getAllSubcomponents('vevent')) {
    const uid = String(component.getFirstPropertyValue('uid') ?? '');
    const recurrenceId = component.getFirstPropertyValue('recurrence-id');
    if (uid && recurrenceId instanceof ICAL.Time) {
      let set = replaced.get(uid);
      if (!set) replaced.set(uid, (set = new Set()));
      set.add(instant(recurrenceId, tzidOf(component, 'recurrence-id'), defaultZone));
      // A moved or cancelled instance stands on its own: busy where it now is, if anywhere.
      standalone.push(component);
    } else if (uid && !masters.has(uid)) masters.set(uid, component);
    else standalone.push(component);
  }

  for (const component of standalone) single(component);
  for (const [uid, master] of masters) {
    if (!master.hasProperty('rrule') && !master.hasProperty('rdate')) {
      single(master);
      continue;
    }
    const dtstart = startOf(master);
    const duration = dtstart && durationOf(master, dtstart);
    if (!dtstart || !duration || blocksNothing(master)) continue;
    try {
      expandSeries(master, dtstart, duration, replaced.get(uid) ?? new Set<number>());
    } catch (err) {
      if (err instanceof IcsError) throw err;
      // ical.js refuses some rules outright ("Invalid BYYEARDAY rule"): say which, plainly.
      throw new IcsError(`This calendar has a repeating event whose rule cannot be used (${String((err as Error).message).split('\n')[0].slice(0, 120)}).`);
    }
  }
  if (busy.length > limits.maxIntervals) throw new IcsError(`This calendar has more than ${limits.maxIntervals.toLocaleString('en')} busy times in the coming months; only feeds smaller than that are supported.`);
  return mergeIntervals(busy);

  function expandSeries(master: ICAL.Component, dtstart: Time, duration: ICAL.Duration, skip: Set<number>) {
    const startTzid = tzidOf(master, 'dtstart');
    const firstMs = instant(dtstart, startTzid, defaultZone);
    const durationMs = endOf(master, duration, dtstart, firstMs) - firstMs;
    // An event without length blocks nothing, however often it repeats.
    if (!(durationMs > 0)) return;
    const excluded = new Set<number>();
    const excludedDays = new Set<string>();
    for (const property of master.getAllProperties('exdate')) {
      const tzid = property.getParameter('tzid');
      for (const value of property.getValues()) {
        if (!(value instanceof ICAL.Time)) continue;
        // A DATE-valued EXDATE removes the occurrence on that day, whatever its time.
        if (value.isDate) excludedDays.add(`${value.year}-${value.month}-${value.day}`);
        else excluded.add(instant(value, typeof tzid === 'string' ? tzid : startTzid, defaultZone));
      }
    }
    const seen = new Set<number>();
    const occurrence = (t: Time) => {
      const startMs = instant(t, startTzid, defaultZone);
      if (seen.has(startMs) || skip.has(startMs) || excluded.has(startMs) || excludedDays.has(`${t.year}-${t.month}-${t.day}`)) return;
      seen.add(startMs);
      keep(startMs, endOf(master, duration, t, startMs));
    };
    const near = (t: Time) => rough(t) + durationMs > from - SLACK;

    if (near(dtstart) && rough(dtstart) < to + SLACK) occurrence(dtstart);
    for (const property of master.getAllProperties('rdate')) {
      for (const value of property.getValues()) if (value instanceof ICAL.Time && near(value) && rough(value) < to + SLACK) occurrence(value);
    }
    for (const property of master.getAllProperties('rrule')) {
      const rule = property.getFirstValue();
      if (!(rule instanceof ICAL.Recur) || neverOccurs(rule)) continue;
      const iterator = rule.iterator(iterationStart(rule, dtstart, durationMs, from));
      for (let next = iterator.next(); next; next = iterator.next()) {
        if (++steps > limits.maxSteps) throw new IcsError('This calendar has recurring events too dense to expand; please share a simpler calendar.');
        if (rough(next) >= to + SLACK) break;
        if (near(next)) occurrence(next);
      }
    }
  }
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
