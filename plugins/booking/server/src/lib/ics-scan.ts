/**
 * The first, linear pass over someone else's ICS text, before ical.js sees it. It unfolds lines,
 * keeps only the components and properties that say when someone is busy (VEVENT and the VTIMEZONEs
 * they use: times, rules, status, transparency), drops everything else (descriptions, attachments,
 * alarms, to-dos) and enforces the feed limits, so that what reaches the parser is small and shaped
 * like a calendar. Every limit it enforces has a plain reason the therapist can act on.
 */

/** A feed that cannot be read, with a reason fit for the therapist. */
export class IcsError extends Error {}

export const FEED_LIMITS = {
  /** VEVENTs in one feed, exceptions (RECURRENCE-ID) included. */
  maxEvents: 25_000,
  /** RDATE and EXDATE values over the whole feed. */
  maxDates: 25_000,
  /** Length of one kept (unfolded) content line, in characters. */
  maxLineChars: 64 * 1024,
  /** Component nesting (VCALENDAR › VEVENT › VALARM is 3). */
  maxDepth: 8,
};

const KEPT_COMPONENTS = new Set(['VCALENDAR', 'VEVENT', 'VTIMEZONE', 'STANDARD', 'DAYLIGHT']);
const KEPT_PROPERTIES = new Set([
  'UID', 'DTSTART', 'DTEND', 'DURATION', 'RRULE', 'RDATE', 'EXDATE', 'RECURRENCE-ID', 'STATUS', 'TRANSP',
  'X-MICROSOFT-CDO-BUSYSTATUS', 'TZID', 'TZOFFSETFROM', 'TZOFFSETTO',
]);

/** The property name of a content line: everything before the first ';' or ':' (upper-cased). */
function nameOf(line: string): string {
  let end = 0;
  while (end < line.length && end < 80) {
    const c = line.charCodeAt(end);
    if (c === 59 /* ; */ || c === 58 /* : */) break;
    end++;
  }
  return line.slice(0, end).trim().toUpperCase();
}

/** Counts the values of a multi-valued line (commas after the first ':'). */
function valueCount(line: string): number {
  let count = 1;
  for (let i = line.indexOf(':') + 1; i > 0 && i < line.length; i++) if (line.charCodeAt(i) === 44) count++;
  return count;
}

/**
 * The feed reduced to the lines that matter, joined with CRLF; throws IcsError when it exceeds a
 * limit or has no calendar in it. Linear in the length of the text.
 */
export function prepareFeed(text: string, limits = FEED_LIMITS): string {
  if (!/BEGIN:VCALENDAR/i.test(text.slice(0, 4096))) throw new IcsError('This address did not return a calendar (no VCALENDAR).');
  // Unfold: a line starting with a space or a tab continues the one before. Parts are collected and
  // joined once, so a line folded a million times still costs one pass.
  const logical: string[] = [];
  let parts: string[] = [];
  let length = 0;
  const flush = () => {
    if (!parts.length) return;
    if (length > limits.maxLineChars) {
      // Over-long lines of properties we do not read (descriptions, attachments) are simply dropped.
      const name = nameOf(parts[0]);
      if (KEPT_PROPERTIES.has(name)) throw new IcsError(`This calendar has a ${name} line longer than ${limits.maxLineChars / 1024} KB; only feeds with shorter lines are supported.`);
    } else logical.push(parts.length === 1 ? parts[0] : parts.join(''));
    parts = [];
    length = 0;
  };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, text.charCodeAt(end - 1) === 13 && end > start ? end - 1 : end);
    start = end + 1;
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      // A continuation: counted always, kept only while the line stays within the limit.
      length += line.length - 1;
      if (parts.length && length <= limits.maxLineChars) parts.push(line.slice(1));
      continue;
    }
    flush();
    if (line.length) {
      parts.push(line.length > limits.maxLineChars ? line.slice(0, 100) : line);
      length = line.length;
    }
  }
  flush();

  const kept: string[] = [];
  let depth = 0;
  let skipDepth = 0; // > 0 while inside a component that is dropped whole
  let events = 0;
  let dates = 0;
  let calendars = 0;
  let inZoneRule = false; // inside a VTIMEZONE's STANDARD or DAYLIGHT
  for (const line of logical) {
    const name = nameOf(line);
    if (name === 'BEGIN' || name === 'END') {
      const component = line.slice(line.indexOf(':') + 1).trim().toUpperCase();
      if (name === 'BEGIN') {
        if (++depth > limits.maxDepth) throw new IcsError(`This calendar nests components more than ${limits.maxDepth} deep; it does not look like a real calendar.`);
        if (skipDepth || !KEPT_COMPONENTS.has(component) || (component === 'VCALENDAR' && depth !== 1)) {
          skipDepth++;
          continue;
        }
        if (component === 'VCALENDAR') calendars++;
        if (component === 'STANDARD' || component === 'DAYLIGHT') inZoneRule = true;
        if (component === 'VEVENT' && ++events > limits.maxEvents) {
          throw new IcsError(`This calendar has more than ${limits.maxEvents.toLocaleString('en')} events; only feeds smaller than that are supported.`);
        }
      } else {
        if (!skipDepth && (component === 'STANDARD' || component === 'DAYLIGHT')) inZoneRule = false;
        depth = Math.max(0, depth - 1);
        if (skipDepth) {
          skipDepth--;
          continue;
        }
      }
      // Calendars are joined into one (some servers concatenate several): their wrappers are added once at the end.
      if (component !== 'VCALENDAR') kept.push(`${name}:${component}`);
      continue;
    }
    if (skipDepth || !KEPT_PROPERTIES.has(name)) continue;
    // Clocks change at most a few times a year; ical.js expands a zone's rule from its first year
    // (often 1601) to every time it converts, so a zone that "changes" every second never finishes.
    if (inZoneRule && name === 'RRULE' && (!/FREQ=YEARLY(;|$)/i.test(line) || /BY(HOUR|MINUTE|SECOND|YEARDAY|WEEKNO)=/i.test(line))) {
      throw new IcsError('This calendar defines a time zone whose clocks change more often than yearly; it does not look like a real calendar.');
    }
    if (name === 'RDATE' || name === 'EXDATE') {
      dates += valueCount(line);
      if (dates > limits.maxDates) throw new IcsError(`This calendar lists more than ${limits.maxDates.toLocaleString('en')} extra or excluded dates; only feeds smaller than that are supported.`);
    }
    kept.push(line);
  }
  if (!calendars) throw new IcsError('This address did not return a calendar (no VCALENDAR).');
  return `BEGIN:VCALENDAR\r\n${kept.join('\r\n')}\r\nEND:VCALENDAR`;
}
