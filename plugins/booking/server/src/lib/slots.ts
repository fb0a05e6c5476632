/**
 * Free start times of one therapist: their weekly hours and date overrides read in their own IANA
 * zone (all arithmetic through luxon, so daylight-saving changes are handled by the tz database),
 * the start-time grid, buffers, minimum notice, horizon, daily and weekly limits, their existing
 * bookings and their external busy times. Pure module: every instant is epoch milliseconds (UTC).
 */
import { DateTime, IANAZone } from 'luxon';
import { claimRange, type UnitRange } from './claims';
import { minutesOfDay, type AvailabilityRules } from './rules';

export interface Interval {
  start: number;
  end: number;
}

/** An active booking of the therapist as the slot rules see it. */
export interface ActiveBooking {
  start: number;
  end: number;
  /** The claim units it holds (its session and its own buffers). */
  units: UnitRange;
}

export interface SlotContext {
  rules: AvailabilityRules;
  sessionMinutes: number;
  now: number;
  bookings: ActiveBooking[];
  externalBusy: Interval[];
}

export type RejectReason = 'past' | 'notice' | 'horizon' | 'off_grid' | 'day_limit' | 'week_limit' | 'taken' | 'busy';

const MINUTE = 60_000;

/** Working blocks of one local date, as instants, with the time off of that date removed. */
function blocksOf(rules: AvailabilityRules, date: DateTime): { work: Interval[]; off: Interval[] } {
  const iso = rules.overrides.length ? date.toISODate() : '';
  const at = (hhmm: string) => wall(date, hhmm);
  const work: Interval[] = [];
  const off: Interval[] = [];
  // A date inside a range of days off is off all day (ISO dates compare as text).
  if (rules.daysOff?.length) {
    const day = date.toISODate()!;
    if (rules.daysOff.some((range) => range.from <= day && day <= range.to)) off.push({ start: wall(date, '00:00'), end: wall(date, '24:00') });
  }
  for (const block of rules.weeklyHours) if (block.weekday === date.weekday) work.push({ start: at(block.start), end: at(block.end) });
  for (const o of rules.overrides) {
    if (o.date !== iso) continue;
    if (o.kind === 'extra' && o.start && o.end) work.push({ start: at(o.start), end: at(o.end) });
    if (o.kind === 'off') off.push(o.start && o.end ? { start: at(o.start), end: at(o.end) } : { start: at('00:00'), end: at('24:00') });
  }
  return { work, off };
}

/**
 * The instant of a wall-clock time on a local date. "24:00" is the next day's midnight. A time that
 * does not exist (inside a spring-forward gap) moves forward by the gap, as luxon does.
 */
export function wall(date: DateTime, hhmm: string): number {
  const minutes = minutesOfDay(hhmm);
  const day = minutes === 24 * 60 ? date.plus({ days: 1 }) : date;
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: Math.floor((minutes % (24 * 60)) / 60), minute: minutes % 60 },
    { zone: date.zone },
  ).toMillis();
}

/** The earliest start the notice rules allow. */
export function earliestStart(rules: AvailabilityRules, now: number): number {
  const byHours = now + rules.minNoticeHours * 60 * MINUTE;
  if (rules.minNoticeDays < 1) return byHours;
  const byDays = DateTime.fromMillis(now, { zone: rules.timeZone }).startOf('day').plus({ days: rules.minNoticeDays }).toMillis();
  return Math.max(byHours, byDays);
}

export const latestStart = (rules: AvailabilityRules, now: number) => now + rules.horizonDays * 24 * 60 * MINUTE;

/** A grid start with the local date and ISO week (in the therapist's zone) of the block it belongs to. */
export interface Candidate {
  start: number;
  day: string;
  week: string;
}

const weekKey = (local: DateTime) => `${local.weekYear}-W${local.weekNumber}`;

/**
 * Grid starts inside working hours whose whole session fits, outside time off, in [from, to), each
 * with its local date and week (computed once per date: luxon work per start is what costs most).
 * Blocks that touch (Monday until 24:00, Tuesday from 00:00) are one stretch of work: a session may
 * run from one into the next, so what a session must fit in is the whole stretch, and time off of
 * either date counts.
 */
export function gridCandidates(rules: AvailabilityRules, sessionMinutes: number, from: number, to: number): Candidate[] {
  const zone = rules.timeZone;
  const session = sessionMinutes * MINUTE;
  const step = rules.incrementMinutes * MINUTE;
  const blocks: (Interval & { day: string; week: string })[] = [];
  const off: Interval[] = [];
  // A block may begin the day before `from` (local) and still reach into the window; the day after
  // `to` may continue the last stretch.
  let date = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
  const lastDate = DateTime.fromMillis(to, { zone }).startOf('day').plus({ days: 1 });
  while (date <= lastDate) {
    const found = blocksOf(rules, date);
    const day = rules.maxPerDay ? date.toISODate()! : '';
    const week = rules.maxPerWeek ? weekKey(date) : '';
    for (const block of found.work) blocks.push({ ...block, day, week });
    off.push(...found.off);
    date = date.plus({ days: 1 });
  }
  // Where each stretch of touching blocks ends, seen from any block in it.
  const endsAt = new Map<number, number>();
  for (const block of blocks) endsAt.set(block.start, Math.max(endsAt.get(block.start) ?? 0, block.end));
  const reachOf = (end: number) => {
    let reach = end;
    for (let next = endsAt.get(reach); next !== undefined && next > reach; next = endsAt.get(reach)) reach = next;
    return reach;
  };
  const found = new Map<number, Candidate>();
  for (const block of blocks) {
    const reach = reachOf(block.end);
    for (let start = block.start; start < block.end && start + session <= reach; start += step) {
      if (start < from || start >= to) continue;
      const end = start + session;
      if (off.some((o) => start < o.end && end > o.start)) continue;
      // A session counts towards the day (and week) of the block it starts in.
      if (!found.has(start)) found.set(start, { start, day: block.day, week: block.week });
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

export function gridStarts(rules: AvailabilityRules, sessionMinutes: number, from: number, to: number): number[] {
  return gridCandidates(rules, sessionMinutes, from, to).map((c) => c.start);
}

/** A checker that tells why a grid start is not bookable now, or null when it is. */
export function slotChecker(ctx: SlotContext) {
  const { rules, now } = ctx;
  const zone = rules.timeZone;
  const earliest = earliestStart(rules, now);
  const latest = latestStart(rules, now);
  const perDay = new Map<string, number>();
  const perWeek = new Map<string, number>();
  // Counted only when the therapist has limits: it needs luxon for every booking.
  if (rules.maxPerDay || rules.maxPerWeek) {
    for (const booking of ctx.bookings) {
      const local = DateTime.fromMillis(booking.start, { zone });
      const day = local.toISODate()!;
      const week = weekKey(local);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
      perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
    }
  }
  const taken = [...ctx.bookings].sort((a, b) => a.units.from - b.units.from);
  const busy = [...ctx.externalBusy].sort((a, b) => a.start - b.start);
  // The longest claim, so a binary search can start far enough left and still find every overlap.
  const longestClaim = taken.reduce((max, b) => Math.max(max, b.units.to - b.units.from), 0);
  const longestBusy = busy.reduce((max, b) => Math.max(max, b.end - b.start), 0);

  const firstAtOrAfter = <T>(list: T[], key: (item: T) => number, value: number) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(list[mid]) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  return (start: number, keys?: { day: string; week: string }): RejectReason | null => {
    if (start <= now) return 'past';
    if (start < earliest) return 'notice';
    if (start > latest) return 'horizon';
    if (rules.maxPerDay || rules.maxPerWeek) {
      const local = keys ? null : DateTime.fromMillis(start, { zone });
      const day = keys?.day ?? local!.toISODate()!;
      const week = keys?.week ?? weekKey(local!);
      if (rules.maxPerDay && (perDay.get(day) ?? 0) >= rules.maxPerDay) return 'day_limit';
      if (rules.maxPerWeek && (perWeek.get(week) ?? 0) >= rules.maxPerWeek) return 'week_limit';
    }
    const end = start + ctx.sessionMinutes * MINUTE;
    const mine = claimRange(start, end, rules.bufferBeforeMinutes, rules.bufferAfterMinutes);
    for (let i = firstAtOrAfter(taken, (b) => b.units.from, mine.from - longestClaim); i < taken.length && taken[i].units.from < mine.to; i++) {
      if (taken[i].units.to > mine.from) return 'taken';
    }
    const guardStart = start - rules.bufferBeforeMinutes * MINUTE;
    const guardEnd = end + rules.bufferAfterMinutes * MINUTE;
    for (let i = firstAtOrAfter(busy, (b) => b.start, guardStart - longestBusy); i < busy.length && busy[i].start < guardEnd; i++) {
      if (busy[i].end > guardStart) return 'busy';
    }
    return null;
  };
}

/** Free start times in [from, to), ascending. */
export function freeSlots(ctx: SlotContext, from: number, to: number): number[] {
  const check = slotChecker(ctx);
  const lower = Math.max(from, earliestStart(ctx.rules, ctx.now));
  const upper = Math.min(to, latestStart(ctx.rules, ctx.now) + 1);
  if (lower >= upper) return [];
  return gridCandidates(ctx.rules, ctx.sessionMinutes, lower, upper)
    .filter((c) => check(c.start, c) === null)
    .map((c) => c.start);
}

/** Why `start` cannot be booked, or null when it can (used to answer a booking request precisely). */
export function explainStart(ctx: SlotContext, start: number): RejectReason | null {
  const check = slotChecker(ctx);
  const reason = check(start);
  if (reason === 'past' || reason === 'notice' || reason === 'horizon') return reason;
  if (!gridStarts(ctx.rules, ctx.sessionMinutes, start, start + 1).includes(start)) return 'off_grid';
  return reason;
}

/** The same wall-clock time in the therapist's zone, week after week (what "every Tuesday at 10:00" means). */
export function weeklyOccurrences(start: number, weeks: number, zone: string): number[] {
  const first = DateTime.fromMillis(start, { zone });
  return Array.from({ length: weeks }, (_, i) => first.plus({ weeks: i }).toMillis());
}

/**
 * ISO local times ("2027-03-14T03:00:00-04:00") of many instants in one zone. The offset comes from
 * luxon (the tz database); it is looked up at each day boundary and, where two neighbouring
 * boundaries agree (no change can happen twice within a day), reused for every instant between them.
 */
export function localIsoTimes(instants: number[], zone: string): string[] {
  // luxon writes its fixed UTC zone as "Z"; say the same.
  if (zone.toUpperCase() === 'UTC') return instants.map((ms) => new Date(ms).toISOString().replace('.000Z', 'Z'));
  const z = IANAZone.create(zone);
  const DAY = 86_400_000;
  const offsetAt = new Map<number, number>();
  const boundary = (dayIndex: number) => {
    let offset = offsetAt.get(dayIndex);
    if (offset === undefined) {
      offset = z.offset(dayIndex * DAY);
      offsetAt.set(dayIndex, offset);
    }
    return offset;
  };
  return instants.map((ms) => {
    const dayIndex = Math.floor(ms / DAY);
    const before = boundary(dayIndex);
    const offset = before === boundary(dayIndex + 1) ? before : z.offset(ms);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const hh = String(Math.floor(abs / 60)).padStart(2, '0');
    const mm = String(abs % 60).padStart(2, '0');
    return `${new Date(ms + offset * MINUTE).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
  });
}

export const REASON_MESSAGES: Record<RejectReason, string> = {
  past: 'That time has already passed.',
  notice: 'That time is too soon: this therapist needs more notice.',
  horizon: 'That time is too far ahead: this therapist does not take bookings that far out yet.',
  off_grid: 'That is not one of this therapist\'s start times. Pick a time from their calendar.',
  day_limit: 'This therapist is fully booked that day.',
  week_limit: 'This therapist is fully booked that week.',
  taken: 'Someone else has just booked that time. Please pick another.',
  busy: 'This therapist is not available at that time. Please pick another.',
};
