import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { expandBusy, mergeIntervals } from '../ics-expand';
import { FEED_LIMITS, IcsError, prepareFeed } from '../ics-scan';

const DAY = 86_400_000;
const cal = (body: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${body}END:VCALENDAR\r\n`;
const event = (lines: string[], uid = 'x') => `BEGIN:VEVENT\r\nUID:${uid}\r\n${lines.join('\r\n')}\r\nEND:VEVENT\r\n`;

/** What ical.js itself says, iterating every occurrence from DTSTART (the slow, obvious way). */
function reference(text: string, from: number, to: number, zone: string) {
  const root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const e = new ICAL.Event(root.getFirstSubcomponent('vevent')!);
  const busy: { start: number; end: number }[] = [];
  const it = e.iterator();
  for (let next = it.next(); next; next = it.next()) {
    const tzid = e.component.getFirstProperty('dtstart')!.getParameter('tzid');
    const at = (t: ICAL.Time) => (typeof tzid === 'string' ? DateTime.fromObject({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second }, { zone: tzid }).toMillis() : t.toJSDate().getTime());
    const start = at(next);
    if (start >= to) break;
    const end = next.clone();
    end.addDuration(e.duration);
    if (at(end) > from) busy.push({ start, end: at(end) });
  }
  void zone;
  return mergeIntervals(busy);
}

describe('recurrence expansion starts near the window without changing a single occurrence', () => {
  const from = Date.UTC(2027, 2, 1);
  const to = from + 120 * DAY;
  // DTSTARTs about three years before the window: the full walk is affordable here, and the
  // expander moves each of these starts forward by whole periods.
  const rules: [string, string][] = [
    ['DTSTART:20240103T091500Z', 'FREQ=DAILY;INTERVAL=3'],
    ['DTSTART:20240103T091500Z', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH'],
    ['DTSTART:20240103T091500Z', 'FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,SA'],
    ['DTSTART:20240103T091500Z', 'FREQ=HOURLY;INTERVAL=5;BYDAY=TU'],
    ['DTSTART:20240103T091500Z', 'FREQ=HOURLY;INTERVAL=7;BYMONTH=3,5'],
    ['DTSTART:20240103T091500Z', 'FREQ=MINUTELY;INTERVAL=997;BYHOUR=9,10'],
    ['DTSTART:20240103T091500Z', 'FREQ=MONTHLY;BYDAY=2WE'],
    ['DTSTART:20240115T091500Z', 'FREQ=MONTHLY;INTERVAL=5'],
    ['DTSTART:20240103T091500Z', 'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1,15'],
    ['DTSTART:20240103T091500Z', 'FREQ=YEARLY;BYMONTH=3,4;BYDAY=-1SU'],
    ['DTSTART:20240420T091500Z', 'FREQ=YEARLY;INTERVAL=3'],
    ['DTSTART;TZID=Europe/Berlin:20240103T093000', 'FREQ=WEEKLY;BYDAY=MO,WE,FR'],
    ['DTSTART;TZID=America/New_York:20240103T233000', 'FREQ=DAILY;INTERVAL=2'],
    ['DTSTART;TZID=Australia/Lord_Howe:20240103T013000', 'FREQ=HOURLY;INTERVAL=13'],
    ['DTSTART:20240103T091500Z', 'FREQ=DAILY;UNTIL=20270415T000000Z'],
  ];
  it.each(rules)('%s %s', (dtstart, rrule) => {
    const text = cal(event([dtstart, 'DURATION:PT45M', `RRULE:${rrule}`]));
    const expected = reference(text, from, to, 'UTC');
    expect(expected.length).toBeGreaterThan(0);
    expect(expandBusy(text, { from, to, defaultZone: 'UTC' })).toEqual(expected);
  });
});

describe('series, exceptions and exclusions', () => {
  const from = Date.UTC(2027, 0, 1);
  const to = from + 120 * DAY;
  const read = (body: string, zone = 'UTC') => expandBusy(cal(body), { from, to, defaultZone: zone }).map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()]);

  it('an instance moved from long before the window into it blocks its new time; its old one does not', () => {
    const body = event(['DTSTART:20200106T090000Z', 'DTEND:20200106T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=3'], 's') + event(['RECURRENCE-ID:20200113T090000Z', 'DTSTART:20270105T120000Z', 'DTEND:20270105T130000Z'], 's');
    expect(read(body)).toEqual([['2027-01-05T12:00:00.000Z', '2027-01-05T13:00:00.000Z']]);
  });

  it('a moved instance frees its original time; a cancelled one blocks nothing', () => {
    const body = event(['DTSTART:20270104T090000Z', 'DTEND:20270104T100000Z', 'RRULE:FREQ=DAILY;COUNT=3'], 's') + event(['RECURRENCE-ID:20270105T090000Z', 'DTSTART:20270105T150000Z', 'DTEND:20270105T160000Z'], 's') + event(['RECURRENCE-ID:20270106T090000Z', 'DTSTART:20270106T090000Z', 'DTEND:20270106T100000Z', 'STATUS:CANCELLED'], 's');
    expect(read(body)).toEqual([['2027-01-04T09:00:00.000Z', '2027-01-04T10:00:00.000Z'], ['2027-01-05T15:00:00.000Z', '2027-01-05T16:00:00.000Z']]);
  });

  it('EXDATE by time and by date, RDATE, and DST in the series zone', () => {
    const body = event(['DTSTART;TZID=Europe/Berlin:20270222T090000', 'DTEND;TZID=Europe/Berlin:20270222T100000', 'RRULE:FREQ=WEEKLY;COUNT=6', 'EXDATE;TZID=Europe/Berlin:20270301T090000', 'EXDATE;VALUE=DATE:20270308', 'RDATE;TZID=Europe/Berlin:20270324T090000'], 'b');
    expect(read(body)).toEqual([
      ['2027-02-22T08:00:00.000Z', '2027-02-22T09:00:00.000Z'],
      ['2027-03-15T08:00:00.000Z', '2027-03-15T09:00:00.000Z'],
      ['2027-03-22T08:00:00.000Z', '2027-03-22T09:00:00.000Z'],
      ['2027-03-24T08:00:00.000Z', '2027-03-24T09:00:00.000Z'],
      ['2027-03-29T07:00:00.000Z', '2027-03-29T08:00:00.000Z'], // summer time from 28 March
    ]);
  });

  it('all-day events block whole days in the therapist\'s zone; free and zero-length ones block nothing', () => {
    const body = event(['DTSTART;VALUE=DATE:20270110', 'DTEND;VALUE=DATE:20270112'], 'a') + event(['DTSTART:20270115T090000Z', 'DTEND:20270115T100000Z', 'TRANSP:TRANSPARENT'], 'f') + event(['DTSTART:20270116T090000Z', 'RRULE:FREQ=MINUTELY'], 'z');
    expect(read(body, 'Asia/Tokyo')).toEqual([['2027-01-09T15:00:00.000Z', '2027-01-11T15:00:00.000Z']]);
  });

  it('rules that never occur add nothing to DTSTART (always the first instance) and end at once', () => {
    for (const rule of ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=MINUTELY;BYMONTH=4,6,9,11;BYMONTHDAY=31', 'FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=-30']) {
      const started = performance.now();
      expect(read(event(['DTSTART:20270104T090000Z', 'DURATION:PT1H', `RRULE:${rule}`])), rule).toEqual([['2027-01-04T09:00:00.000Z', '2027-01-04T10:00:00.000Z']]);
      expect(performance.now() - started, rule).toBeLessThan(500);
    }
  });
});

describe('the first pass over the text is linear and enforces the limits', () => {
  const budget = (label: string, run: () => unknown) => {
    const started = performance.now();
    try {
      run();
    } catch (err) {
      expect(err, label).toBeInstanceOf(IcsError);
    }
    // Milliseconds when linear (a few hundred on a busy machine); minutes if anything were quadratic.
    expect(performance.now() - started, label).toBeLessThan(1000);
  };
  it.each([
    ['2 MB of folds', cal(`${event(['DTSTART:20270101T090000Z', 'DESCRIPTION:a'])}`.replace('DESCRIPTION:a', `DESCRIPTION:a${'\r\n b'.repeat(500_000)}`))],
    ['2 MB of one line', cal(`X-LONG:${'x'.repeat(2_000_000)}\r\n`)],
    ['2 MB of semicolons', cal(`DTSTART${';'.repeat(2_000_000)}\r\n`)],
    ['2 MB of commas in EXDATE', cal(event(['DTSTART:20270101T090000Z', `EXDATE:${','.repeat(2_000_000)}`]))],
    ['200,000 BEGIN lines', cal('BEGIN:VEVENT\r\n'.repeat(200_000))],
    ['2 MB of newlines', cal('\r\n'.repeat(1_000_000))],
    ['2 MB of spaces', ' '.repeat(2_000_000)],
  ])('%s', (label, text) => budget(label, () => prepareFeed(text)));

  it('keeps what says when someone is busy and drops the rest', () => {
    const kept = prepareFeed(cal(event(['DTSTART:20270101T090000Z', 'DTEND:20270101T100000Z', 'SUMMARY:Secret meeting', 'DESCRIPTION:long', ' folded', 'ATTACH:data']) + 'BEGIN:VTODO\r\nDTSTART:20270101T090000Z\r\nEND:VTODO\r\n'));
    expect(kept).toBe('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20270101T090000Z\r\nDTEND:20270101T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR');
  });

  it('names each limit plainly', () => {
    expect(() => prepareFeed(cal('BEGIN:VEVENT\r\nEND:VEVENT\r\n'.repeat(FEED_LIMITS.maxEvents + 1)))).toThrow(/more than 25,000 events/);
    const exdates = Array.from({ length: FEED_LIMITS.maxDates / 1000 + 1 }, () => `EXDATE:${Array(1000).fill('20270101T090000Z').join(',')}`);
    expect(() => prepareFeed(cal(event(exdates)))).toThrow(/more than 25,000 extra or excluded dates/);
    expect(() => prepareFeed(cal(event([`RRULE:FREQ=DAILY;X=${'y'.repeat(FEED_LIMITS.maxLineChars)}`])))).toThrow(/RRULE line longer than 64 KB/);
    expect(() => prepareFeed(cal('BEGIN:X\r\n'.repeat(FEED_LIMITS.maxDepth)))).toThrow(/nests components more than 8 deep/);
    expect(() => prepareFeed('hello')).toThrow(/no VCALENDAR/);
  });
});
