/**
 * Minutes the offered-hours count (db/offered-minutes.ts, in SQL from weekly hours and single-date
 * overrides) gave to dates that fall in a therapist's ranges of days off, which offer nothing. The
 * count takes these off per therapist. Pure module; bounded by the rules' size (at most 50 ranges of
 * at most 366 days) and the range asked for.
 */
import type { AvailabilityRules } from './rules';
import { minutesOfDay } from './rules';

const DAY_MS = 86_400_000;
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const length = (start: string, end: string) => minutesOfDay(end) - minutesOfDay(start);

export function daysOffMinutes(rules: Pick<AvailabilityRules, 'weeklyHours' | 'overrides' | 'daysOff'>, firstDay: string, lastDay: string): number {
  const dates = new Set<string>();
  for (const range of rules.daysOff ?? []) {
    const from = range.from > firstDay ? range.from : firstDay;
    const to = range.to < lastDay ? range.to : lastDay;
    for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY_MS) dates.add(new Date(ms).toISOString().slice(0, 10));
  }
  let minutes = 0;
  for (const date of dates) {
    const blocks = rules.weeklyHours.filter((w) => w.weekday === isoWeekday(date));
    // As the SQL counts a date: its weekly blocks, plus extra hours, minus time off's overlap with the blocks.
    let counted = blocks.reduce((sum, w) => sum + length(w.start, w.end), 0);
    for (const o of rules.overrides) {
      if (o.date !== date) continue;
      if (o.kind === 'extra' && o.start && o.end) counted += length(o.start, o.end);
      if (o.kind === 'off') {
        const offStart = o.start ? minutesOfDay(o.start) : 0;
        const offEnd = o.end ? minutesOfDay(o.end) : 24 * 60;
        for (const w of blocks) counted -= Math.max(0, Math.min(minutesOfDay(w.end), offEnd) - Math.max(minutesOfDay(w.start), offStart));
      }
    }
    minutes += Math.max(0, counted);
  }
  return minutes;
}
