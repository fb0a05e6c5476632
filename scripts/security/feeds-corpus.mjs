/**
 * Hostile ICS feeds (issue 15, item 1), shared by the security audit (areas/feeds.mjs) and
 * tests/integration/security-feeds.test.ts. Each entry builds its text on demand (some are megabytes)
 * and says what the therapist should see: `null` (read, no error) or a pattern of the plain reason.
 * Every one must end within the parse limit while the CMS keeps answering.
 */
const DAY = 86_400_000;
const stamp = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
const cal = (body) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Haven audit//EN\r\n${body}END:VCALENDAR\r\n`;
const event = (lines, uid = 'x@audit') => `BEGIN:VEVENT\r\nUID:${uid}\r\n${lines.join('\r\n')}\r\nEND:VEVENT\r\n`;
const rule = (rrule, start = '20260105T090000Z') => cal(event([`DTSTART:${start}`, 'DURATION:PT30M', `RRULE:${rrule}`]));

/** Any of the plain reasons the reader gives; never the generic "could not be read" of an unexpected error. */
export const PLAIN_REASON = /took longer than|more than [\d,]+ |too dense|cannot be used|did not return a (valid )?calendar|line longer than|nests components|too large to read|clocks change/;

const soon = () => Date.now() + 3 * DAY;

/** @type {{ name: string, build: () => string, expect: RegExp | null | 'any' }[]} */
export const HOSTILE_FEEDS = [
  // Rules that can never occur: ical.js would search for them for ever inside one call.
  { name: 'impossible: the 30th of February, daily', build: () => rule('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'), expect: null },
  { name: 'impossible: the 30th and 31st of February, yearly', build: () => rule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30,31'), expect: null },
  { name: 'impossible: the 31st of April, June, September, November', build: () => rule('FREQ=MONTHLY;BYMONTH=4,6,9,11;BYMONTHDAY=31'), expect: null },
  { name: 'impossible: the 30th of February, minutely', build: () => rule('FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=-30'), expect: null },
  { name: 'impossible: week 53 in February', build: () => rule('FREQ=DAILY;BYSETPOS=-1;BYDAY=MO;BYWEEKNO=53;BYMONTH=2'), expect: 'any' },
  { name: 'impossible: the second Monday of a week', build: () => rule('FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2'), expect: 'any' },
  { name: 'impossible: the 29th of February every 4 years from a common year', build: () => rule('FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29', '20250101T090000Z'), expect: 'any' },
  { name: 'impossible: day 366 of January', build: () => rule('FREQ=DAILY;BYYEARDAY=366;BYMONTH=1'), expect: 'any' },
  { name: 'impossible: hour 25', build: () => rule('FREQ=HOURLY;BYHOUR=25'), expect: 'any' },
  // Dense rules from long ago.
  { name: 'every minute since 1970', build: () => rule('FREQ=MINUTELY', '19700101T000000Z'), expect: /more than 20,000 events/ },
  { name: 'every second since 1970', build: () => rule('FREQ=SECONDLY', '19700101T000000Z'), expect: /more than 20,000 events/ },
  { name: 'every 7 seconds at 9 o\'clock since 1970', build: () => rule('FREQ=SECONDLY;INTERVAL=7;BYHOUR=9', '19700101T000000Z'), expect: /more than 20,000 events/ },
  { name: 'every minute since 1970, COUNT one billion', build: () => rule('FREQ=MINUTELY;COUNT=1000000000', '19700101T000000Z'), expect: /too dense|took longer than/ },
  { name: 'every 7 hours since 1970 (legitimate, just old)', build: () => rule('FREQ=HOURLY;INTERVAL=7', '19700101T000000Z'), expect: null },
  { name: 'weekdays since 1900, monthly rule', build: () => rule('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR', '19000101T090000Z'), expect: null },
  { name: 'a time zone whose clocks change every second', build: () => cal(`BEGIN:VTIMEZONE\r\nTZID:Hostile\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nRRULE:FREQ=SECONDLY\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n${event(['DTSTART;TZID=Hostile:20270101T090000', 'DURATION:PT1H'])}`), expect: /clocks change/ },
  { name: '5,000 rules on one event', build: () => cal(event(['DTSTART:20260105T090000Z', 'DURATION:PT30M', ...Array(5000).fill('RRULE:FREQ=DAILY')])), expect: 'any' },
  // Size: many events, many exceptions, many dates.
  { name: '100,000 events', build: () => cal('BEGIN:VEVENT\nEND:VEVENT\n'.repeat(100_000)), expect: /more than 25,000 events/ },
  { name: '30,000 exceptions (RECURRENCE-ID) of one series', build: () => cal(event(['DTSTART:20200101T090000Z', 'DTEND:20200101T093000Z', 'RRULE:FREQ=DAILY'], 'd') + Array.from({ length: 30_000 }, (_, i) => `BEGIN:VEVENT\nUID:d\nRECURRENCE-ID:${stamp(Date.UTC(2020, 0, 1 + i, 9))}\nEND:VEVENT\n`).join('')), expect: /more than 25,000 events/ },
  { name: '20,000 moved instances of one series', build: () => cal(event(['DTSTART:20200101T090000Z', 'DTEND:20200101T093000Z', 'RRULE:FREQ=DAILY'], 'd') + Array.from({ length: 20_000 }, (_, i) => { const at = stamp(Date.UTC(2020, 0, 1 + i, 9)); return `BEGIN:VEVENT\nUID:d\nRECURRENCE-ID:${at}\nDTSTART:${at.replace('T09', 'T11')}\nDURATION:PT1H\nEND:VEVENT\n`; }).join('')), expect: null },
  { name: '30,000 excluded dates', build: () => cal(event(['DTSTART:20260105T090000Z', 'DURATION:PT30M', 'RRULE:FREQ=DAILY', ...Array.from({ length: 30 }, (_, j) => `EXDATE:${Array.from({ length: 1000 }, (_, i) => stamp(Date.UTC(2026, 0, 5 + i + j * 1000, 9))).join(',')}`)])), expect: /more than 25,000 extra or excluded dates/ },
  { name: '20,000 single events', build: () => cal(Array.from({ length: 20_000 }, (_, i) => event([`DTSTART:${stamp(soon() + i * 3_600_000)}`, 'DURATION:PT30M'], `e${i}`)).join('')), expect: null },
  // Lines and structure.
  { name: 'a 1.9 MB description', build: () => cal(event([`DTSTART:${stamp(soon())}`, 'DURATION:PT1H', `DESCRIPTION:${'x'.repeat(1_900_000)}`])), expect: null },
  { name: 'a 1.9 MB recurrence rule', build: () => cal(event([`DTSTART:${stamp(soon())}`, 'DURATION:PT1H', `RRULE:FREQ=DAILY;X-PAD=${'x'.repeat(1_900_000)}`])), expect: /line longer than 64 KB/ },
  { name: 'a start time with 10,000 parameters', build: () => cal(event([`DTSTART${';X-P=1'.repeat(10_000)}:${stamp(soon())}`, 'DURATION:PT1H'])), expect: 'any' },
  { name: 'a description folded 600,000 times', build: () => cal(event([`DTSTART:${stamp(soon())}`, 'DURATION:PT1H', 'DESCRIPTION:a', ...Array(600_000).fill(' b')])), expect: null },
  { name: 'broken folding: leading and 500,000 empty continuations', build: () => ` stray\r\n${cal(event(['DTSTART:2027', ' 0101T090000Z', 'DTEND:20270101T100000Z']))}${' \r\n'.repeat(500_000)}`, expect: 'any' },
  { name: '200,000 nested components', build: () => cal('BEGIN:X-DEEP\r\n'.repeat(200_000)), expect: /nests components/ },
  { name: 'nesting inside an event', build: () => cal(`BEGIN:VEVENT\r\nUID:n\r\nDTSTART:20270101T090000Z\r\n${'BEGIN:VALARM\r\n'.repeat(20)}${'END:VALARM\r\n'.repeat(20)}END:VEVENT\r\n`), expect: /nests components/ },
  { name: '100,000 unmatched END lines', build: () => cal('END:VEVENT\r\n'.repeat(100_000)), expect: 'any' },
  { name: 'binary noise', build: () => Buffer.from(Array.from({ length: 1_000_000 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1'), expect: /did not return a calendar/ },
  { name: 'two calendars in one file', build: () => cal(event([`DTSTART:${stamp(soon())}`, 'DURATION:PT1H'])) + cal(event([`DTSTART:${stamp(soon() + DAY)}`, 'DURATION:PT1H'], 'y@audit')), expect: null },
];

/** True when a calendar's lastError is what the corpus entry expects. */
export function outcomeMatches(entry, lastError) {
  if (entry.expect === 'any') return lastError === null || PLAIN_REASON.test(lastError);
  if (entry.expect === null) return lastError === null;
  return typeof lastError === 'string' && entry.expect.test(lastError) && PLAIN_REASON.test(lastError);
}

/** Every special range we know of, with the class ipaddr.js gives it (ours for ::/96 and outside 2000::/3). Refused. */
export const REFUSED_ADDRESSES = [
  ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['10.0.0.1', 'private'], ['10.255.255.255', 'private'],
  ['100.64.0.1', 'carrierGradeNat'], ['100.127.255.254', 'carrierGradeNat'], ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'linkLocal'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'reserved'], ['192.88.99.1', 'reserved'], ['192.168.1.1', 'private'], ['198.18.0.1', 'reserved'],
  ['198.51.100.7', 'reserved'], ['203.0.113.9', 'reserved'], ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'], ['255.255.255.255', 'broadcast'], ['192.31.196.1', 'as112'], ['192.52.193.1', 'amt'],
  // IPv6, and IPv4 dressed as IPv6.
  ['::', 'unspecified'], ['::1', 'loopback'], ['::7f00:1', 'reserved'], ['::127.0.0.1', 'loopback'], ['::a00:1', 'reserved'],
  ['::808:808', 'reserved'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.0.0.1', 'private'],
  ['::ffff:169.254.169.254', 'linkLocal'], ['::ffff:0:127.0.0.1', 'rfc6145'], ['64:ff9b::127.0.0.1', 'rfc6052'], ['64:ff9b::8.8.8.8', 'rfc6052'],
  ['64:ff9b:1::1', 'rfc6052'], ['2002:7f00:1::1', '6to4'], ['2002:808:808::1', '6to4'], ['2001::1', 'teredo'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'], ['2001:db8::1', 'reserved'], ['2001:db8:ffff::1', 'reserved'], ['2001:2::1', 'benchmarking'],
  ['2001:20::1', 'orchid2'], ['100::1', 'discard'], ['fc00::1', 'uniqueLocal'], ['fd12:3456::1', 'uniqueLocal'], ['fe80::1', 'linkLocal'],
  ['fec0::1', 'deprecatedSiteLocal'], ['ff02::1', 'multicast'], ['ff0e::1', 'multicast'], ['3fff::1', 'reserved'], ['5f00::1', 'segmentRouting'],
  ['4000::1', 'reserved'], ['8000::1', 'reserved'], ['2001:3::1', 'amt'], ['2620:4f:8000::1', 'as112v6'],
];
/** Global unicast: allowed. */
export const ALLOWED_ADDRESSES = ['8.8.8.8', '1.1.1.1', '9.9.9.9', '151.101.1.69', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'];
