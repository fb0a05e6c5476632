/**
 * Wall-clock times ("HH:mm", as the booking rules store them) written in the viewer's own clock
 * format: 12-hour or 24-hour as their language's hour cycle says (Intl's resolvedOptions), so one
 * page says and shows one format. Pure module: used by the server (from Accept-Language) and the
 * availability island alike, so both render the same text.
 */

export type Clock = 'h12' | 'h23';

/** A language tag Intl accepts, or 'en-GB' (Haven's written English) when it does not. */
export function clockLocale(tag: string | null | undefined): string {
  if (tag) {
    try {
      return Intl.DateTimeFormat.supportedLocalesOf([tag])[0] ?? 'en-GB';
    } catch {
      /* not a valid tag */
    }
  }
  return 'en-GB';
}

/** 12-hour (h11/h12) or 24-hour (h23/h24) as the locale writes times. */
export function clockOf(locale: string): Clock {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h11' || cycle === 'h12' ? 'h12' : 'h23';
}

/** ICU versions differ in the space before AM/PM (U+202F or U+0020): one form, so server and browser agree. */
const plainSpaces = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, clock: Clock, timeZone = 'UTC'): Intl.DateTimeFormat {
  const key = `${locale}|${clock}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { hour: clock === 'h12' ? 'numeric' : '2-digit', minute: '2-digit', hourCycle: clock, timeZone });
    formatters.set(key, found);
  }
  return found;
}

/** "HH:mm" (00:00 … 24:00) in the clock format: "9:00 AM" or "09:00"; 24:00 is midnight at the end of the day. */
export function formatClock(hhmm: string, locale: string, clock: Clock): string {
  const [h, m] = hhmm.split(':').map(Number);
  if (h === 24) return clock === 'h12' ? `${formatClock('00:00', locale, clock)} (midnight)` : '24:00';
  return plainSpaces(formatter(locale, clock).format(Date.UTC(2000, 0, 1, h, m)));
}

/** An instant in a zone, in the clock format. */
export function formatInstantClock(iso: string, timeZone: string, locale: string, clock: Clock): string {
  return plainSpaces(formatter(locale, clock, timeZone).format(new Date(iso)));
}

/** What the page says about its times, with an example written the same way. */
export function clockHint(locale: string, clock: Clock): string {
  const example = `${formatClock('09:00', locale, clock)} to ${formatClock('17:30', locale, clock)}`;
  return clock === 'h12' ? `Times are in 12-hour format, as your browser's language writes them (e.g. ${example}).` : `Times are in 24-hour format, as your browser's language writes them (e.g. ${example}).`;
}

/** Every quarter hour of a day as "HH:mm" (with "24:00" for the end of a block). */
export function quarterHours(withMidnightEnd: boolean): string[] {
  const out: string[] = [];
  for (let minutes = 0; minutes < 24 * 60; minutes += 15) out.push(`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);
  if (withMidnightEnd) out.push('24:00');
  return out;
}
