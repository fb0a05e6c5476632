/**
 * The availability form's fields turned into the body of PUT /api/booking/availability (and of the
 * preview, which takes the same body). Shared by the page's server handler and the preview island,
 * so what is previewed is exactly what Save would send. Pure module (FormData only).
 */
import type { DateOverride, Weekday, WeeklyInterval } from '@haven/shared/booking';

export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** Blocks of hours a day the form offers (a morning and an afternoon, say). */
export const BLOCKS = 2;

export const blockField = (day: number, block: number, edge: 'start' | 'end') => `d${day}b${block}${edge}`;

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

export function weeklyHoursOf(form: FormData): WeeklyInterval[] {
  const out: WeeklyInterval[] = [];
  for (const day of WEEKDAYS) {
    for (let block = 0; block < BLOCKS; block++) {
      const start = text(form, blockField(day, block, 'start'));
      const end = text(form, blockField(day, block, 'end'));
      // A native time field cannot say 24:00: 23:59 from an older form still means "until midnight".
      if (start || end) out.push({ weekday: day, start, end: end === '23:59' ? '24:00' : end });
    }
  }
  return out;
}

function overridesOf(form: FormData): DateOverride[] {
  const kept = form
    .getAll('keepOverride')
    .map((value) => {
      try {
        return JSON.parse(String(value)) as DateOverride;
      } catch {
        return null;
      }
    })
    .filter((o): o is DateOverride => o !== null);
  const date = text(form, 'overrideDate');
  if (date) {
    const start = text(form, 'overrideStart');
    const end = text(form, 'overrideEnd');
    kept.push({ date, kind: text(form, 'overrideKind') === 'extra' ? 'extra' : 'off', ...(start || end ? { start, end } : {}) });
  }
  return kept;
}

export function availabilityBody(form: FormData): Record<string, unknown> {
  const num = (name: string) => Number(text(form, name));
  const optional = (name: string) => (text(form, name) ? Number(text(form, name)) : null);
  return {
    timeZone: text(form, 'timeZone'),
    weeklyHours: weeklyHoursOf(form),
    overrides: overridesOf(form),
    incrementMinutes: num('incrementMinutes'),
    bufferBeforeMinutes: num('bufferBeforeMinutes'),
    bufferAfterMinutes: num('bufferAfterMinutes'),
    minNoticeHours: num('minNoticeHours'),
    minNoticeDays: num('minNoticeDays'),
    horizonDays: num('horizonDays'),
    maxPerDay: optional('maxPerDay'),
    maxPerWeek: optional('maxPerWeek'),
    maxSeriesWeeks: num('maxSeriesWeeks'),
    freeCancellationHours: num('freeCancellationHours'),
    lateCancellationRefundPercent: num('lateCancellationRefundPercent'),
  };
}
