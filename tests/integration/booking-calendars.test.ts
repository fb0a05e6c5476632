import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { hourFromNow, therapist, type User } from './booking-helpers';

/** A weekly meeting in Los Angeles (one week excluded by EXDATE, one cancelled, one moved), an all-day event, and times in Tokyo. */
const GOOGLE_STYLE = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
BEGIN:VEVENT
UID:weekly-1@example.com
DTSTART;TZID=America/Los_Angeles:20270104T100000
DTEND;TZID=America/Los_Angeles:20270104T110000
RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6
EXDATE;TZID=America/Los_Angeles:20270111T100000
SUMMARY:Supervision
END:VEVENT
BEGIN:VEVENT
UID:weekly-1@example.com
RECURRENCE-ID;TZID=America/Los_Angeles:20270118T100000
DTSTART;TZID=America/Los_Angeles:20270118T100000
DTEND;TZID=America/Los_Angeles:20270118T110000
STATUS:CANCELLED
SUMMARY:Supervision
END:VEVENT
BEGIN:VEVENT
UID:weekly-1@example.com
RECURRENCE-ID;TZID=America/Los_Angeles:20270125T100000
DTSTART;TZID=America/Los_Angeles:20270125T140000
DTEND;TZID=America/Los_Angeles:20270125T150000
SUMMARY:Supervision (moved)
END:VEVENT
BEGIN:VEVENT
UID:allday@example.com
DTSTART;VALUE=DATE:20270106
DTEND;VALUE=DATE:20270107
SUMMARY:Conference
END:VEVENT
BEGIN:VEVENT
UID:tokyo@example.com
DTSTART;TZID=Asia/Tokyo:20270107T090000
DTEND;TZID=Asia/Tokyo:20270107T110000
SUMMARY:Call with Tokyo
END:VEVENT
BEGIN:VEVENT
UID:free@example.com
DTSTART:20270107T050000Z
DTEND:20270107T060000Z
TRANSP:TRANSPARENT
SUMMARY:Free time
END:VEVENT
END:VCALENDAR
`;

/** Outlook names its zones in Windows terms and defines them inline. */
const OUTLOOK_STYLE = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
BEGIN:VTIMEZONE
TZID:Tokyo Standard Time
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0900
TZOFFSETTO:+0900
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:outlook-1
DTSTART;TZID=Tokyo Standard Time:20270108T090000
DTEND;TZID=Tokyo Standard Time:20270108T100000
SUMMARY:Board meeting
END:VEVENT
END:VCALENDAR
`;

describe('external calendars, feeds and invitations', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let mailbox: Mailbox;
  let server: http.Server;
  let base: string;
  let t: Awaited<ReturnType<typeof therapist>>;
  let alice: User;
  const routes: Record<string, { status?: number; body?: string; delayMs?: number }> = {};

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const route = routes[req.url ?? ''];
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(route.status ?? 200, { 'content-type': 'text/calendar' }).end(route.body ?? '');
      }, route.delayMs ?? 0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    mailbox = await startMailbox();
    haven = await startHaven({
      env: {
        ...smtpEnv(mailbox),
        BOOKING_CALENDAR_ALLOW_PRIVATE_HOSTS: 'true',
        BOOKING_CALENDAR_MAX_BYTES: '65536',
        BOOKING_CALENDAR_TIMEOUT_MS: '1000',
        BOOKING_REMINDER_POLL_MS: '3600000',
        BOOKING_CALENDAR_POLL_MS: '3600000',
        // Refreshed by hand many times here; the throttles have their own tests (security-feeds).
        BOOKING_CALENDAR_REFRESH_COOLDOWN_SECONDS: '0',
        BOOKING_CALENDAR_READS_PER_HOUR: '1000',
      },
    });
    api = apiClient(haven.url);
    t = await therapist(haven);
    alice = await createUser(haven, 'client');
  });
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  const slotsOn = async (day: string) =>
    (await api.get(`/api/booking/therapists/${t.therapistId}/slots?from=${day}&to=${day}&tz=UTC`)).body.data.slots.map((s: any) => s.start.slice(11, 16));

  describe('busy times from ICS feeds', () => {
    it('expands a weekly event (EXDATE, a cancelled and a moved instance), all-day events and other zones', async () => {
      routes['/secret/google.ics'] = { body: GOOGLE_STYLE };
      routes['/secret/outlook.ics'] = { body: OUTLOOK_STYLE };
      const added = await api.post('/api/booking/calendars', { url: `${base}/secret/google.ics`, label: 'Work' }, t.jwt);
      expect(added.status).toBe(201);
      // Four Monday meetings, the all-day event and the Tokyo call; the last two touch and are merged into one.
      expect(added.body.data).toMatchObject({ label: 'Work', lastError: null, busyCount: 5 });
      expect(added.body.data.urlHint).toBe(`http://127.0.0.1:${new URL(base).port}/…`);
      expect(JSON.stringify(added.body)).not.toContain('secret');
      const outlook = await api.post('/api/booking/calendars', { url: `${base}/secret/outlook.ics` }, t.jwt);
      expect(outlook.body.data).toMatchObject({ lastError: null, busyCount: 1 });

      // 10:00 in Los Angeles is 18:00 UTC in January; a 50-minute session at 17:00 ends before it.
      expect(await slotsOn('2027-01-04')).toEqual(expect.arrayContaining(['17:00', '19:00']));
      expect(await slotsOn('2027-01-04')).not.toContain('18:00');
      expect(await slotsOn('2027-01-11')).toContain('18:00'); // EXDATE
      expect(await slotsOn('2027-01-18')).toContain('18:00'); // STATUS:CANCELLED instance
      const moved = await slotsOn('2027-01-25');
      expect(moved).toContain('18:00');
      expect(moved).not.toContain('22:00'); // moved to 14:00 Los Angeles
      expect(await slotsOn('2027-02-01')).not.toContain('18:00');
      expect(await slotsOn('2027-02-15')).toContain('18:00'); // COUNT=6 has ended
      expect(await slotsOn('2027-01-06')).toEqual([]); // all day
      const tokyo = await slotsOn('2027-01-07');
      expect(tokyo).not.toContain('00:00');
      expect(tokyo).not.toContain('01:00');
      expect(tokyo).toContain('02:00');
      expect(tokyo).toContain('05:00'); // TRANSP:TRANSPARENT blocks nothing
      expect(await slotsOn('2027-01-08')).not.toContain('00:00'); // Windows zone name, defined inline
      expect(await slotsOn('2027-01-08')).toContain('01:00');
    });

    it('a failing feed records its error and keeps the last good busy times; removing a calendar frees its time', async () => {
      const list = await api.get('/api/booking/calendars', t.jwt);
      const google = list.body.data.find((c: any) => c.label === 'Work');
      routes['/secret/google.ics'] = { status: 500 };
      const failed = await api.post(`/api/booking/calendars/${google.id}/refresh`, {}, t.jwt);
      expect(failed.status).toBe(200);
      expect(failed.body.data.lastError).toMatch(/HTTP 500/);
      expect(failed.body.data.lastAttemptAt > failed.body.data.lastSuccessAt).toBe(true);
      expect(await slotsOn('2027-01-06')).toEqual([]);

      routes['/secret/google.ics'] = { body: 'this is not a calendar' };
      expect((await api.post(`/api/booking/calendars/${google.id}/refresh`, {}, t.jwt)).body.data.lastError).toMatch(/did not return a calendar/);

      // Another therapist can neither refresh nor remove it.
      const other = await therapist(haven);
      expect((await api.post(`/api/booking/calendars/${google.id}/refresh`, {}, other.jwt)).status).toBe(404);
      expect((await api.del(`/api/booking/calendars/${google.id}`, other.jwt)).status).toBe(404);

      expect((await api.del(`/api/booking/calendars/${google.id}`, t.jwt)).status).toBe(200);
      expect((await slotsOn('2027-01-06')).length).toBeGreaterThan(0);
    });

    it('refuses bad addresses, and records oversized and too-slow feeds as errors', async () => {
      const other = await therapist(haven);
      for (const url of ['ftp://example.com/cal.ics', 'not an address', 'https://user:pw@example.com/cal.ics']) {
        const res = await api.post('/api/booking/calendars', { url }, other.jwt);
        expect(res.status, url).toBe(400);
        expect(res.body.error.details.errors[0].path).toEqual(['url']);
      }
      routes['/big.ics'] = { body: `BEGIN:VCALENDAR\n${'X-FILLER:'.padEnd(100, 'x')}\n`.repeat(1000) };
      expect((await api.post('/api/booking/calendars', { url: `${base}/big.ics` }, other.jwt)).body.data.lastError).toMatch(/larger than 64 KB/);
      routes['/slow.ics'] = { body: OUTLOOK_STYLE, delayMs: 3000 };
      expect((await api.post('/api/booking/calendars', { url: `${base}/slow.ics` }, other.jwt)).body.data.lastError).toMatch(/within 1 seconds/);
      expect((await api.post('/api/booking/calendars', { url: `${base}/missing.ics` }, other.jwt)).body.data.lastError).toMatch(/HTTP 404/);
      expect((await api.get('/api/booking/calendars', other.jwt)).body.data).toHaveLength(3);
    });
  });

  describe('invitations and calendar feeds', () => {
    const parse = (text: string) => new ICAL.Component(ICAL.parse(text) as any);
    const attachmentOf = (mail: any) => mail.attachments.find((a: any) => String(a.contentType).startsWith('text/calendar')).content.toString('utf8');

    it('confirmation, reschedule and cancellation mails carry invitations with one UID and a rising SEQUENCE', async () => {
      const start = hourFromNow(48);
      const b = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start }, alice.jwt)).body.data[0];
      const names = await haven.strapi.plugin('people').service('people').many([alice.id, t.id]);
      const confirm = await mailbox.waitFor((m) => m.to?.value?.[0]?.address === alice.email && /is booked/.test(m.subject ?? ''));
      expect(confirm.subject).toBe(`Therapy session with ${names.get(t.id).displayName} is booked`);
      const invite = parse(attachmentOf(confirm));
      expect(invite.getFirstPropertyValue('method')).toBe('REQUEST');
      const event = new ICAL.Event(invite.getFirstSubcomponent('vevent')!);
      expect(event.uid).toBe(`booking-${b.id}@haven`);
      expect(event.sequence).toBe(0);
      expect(event.startDate.toJSDate().toISOString()).toBe(start);
      expect(event.endDate.toJSDate().toISOString()).toBe(b.endsAt);
      expect(event.summary).toBe(`Therapy session with ${names.get(t.id).displayName}`);
      const toTherapist = await mailbox.waitFor((m) => m.to?.value?.[0]?.address === t.email && /is booked/.test(m.subject ?? ''));
      expect(new ICAL.Event(parse(attachmentOf(toTherapist)).getFirstSubcomponent('vevent')!).summary).toBe(`Therapy session with ${names.get(alice.id).displayName}`);

      const to = hourFromNow(72);
      await api.post(`/api/booking/bookings/${b.id}/reschedule`, { start: to }, alice.jwt);
      const update = await mailbox.waitFor((m) => m.to?.value?.[0]?.address === alice.email && /has moved/.test(m.subject ?? ''));
      const updated = new ICAL.Event(parse(attachmentOf(update)).getFirstSubcomponent('vevent')!);
      expect([updated.uid, updated.sequence, updated.startDate.toJSDate().toISOString()]).toEqual([`booking-${b.id}@haven`, 1, to]);

      await api.post(`/api/booking/bookings/${b.id}/cancel`, {}, alice.jwt);
      const cancel = await mailbox.waitFor((m) => m.to?.value?.[0]?.address === t.email && /is cancelled/.test(m.subject ?? ''));
      const cancelCal = parse(attachmentOf(cancel));
      expect(cancelCal.getFirstPropertyValue('method')).toBe('CANCEL');
      const cancelled = cancelCal.getFirstSubcomponent('vevent')!;
      expect([cancelled.getFirstPropertyValue('uid'), cancelled.getFirstPropertyValue('sequence'), cancelled.getFirstPropertyValue('status')]).toEqual([`booking-${b.id}@haven`, 2, 'CANCELLED']);
    });

    it('a secret, revocable feed lists the person\'s sessions at the right UTC times, and no one else\'s', async () => {
      const start = hourFromNow(100);
      const b = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start }, alice.jwt)).body.data[0];
      const bob = await createUser(haven, 'client');
      await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(101) }, bob.jwt);

      expect((await api.get('/api/booking/feed', alice.jwt)).body.data).toEqual({ active: false, createdAt: null });
      const created = await api.post('/api/booking/feed', {}, alice.jwt);
      expect(created.status).toBe(201);
      const url = new URL(created.body.data.url);
      const feed = await fetch(`${haven.url}${url.pathname}`);
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toMatch(/text\/calendar/);
      const calendar = parse(await feed.text());
      const vevents = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
      const mine = vevents.find((e) => e.uid === `booking-${b.id}@haven`)!;
      expect(mine.startDate.toJSDate().toISOString()).toBe(start);
      expect(mine.startDate.zone?.tzid).toBe('UTC');
      expect(mine.summary).toMatch(/^Therapy session with /);
      expect(vevents.every((e) => e.summary.startsWith('Therapy session with '))).toBe(true);
      // Alice's cancelled session is in the feed as cancelled; Bob's session is not there at all.
      expect(vevents.some((e) => e.component.getFirstPropertyValue('status') === 'CANCELLED')).toBe(true);
      expect(vevents.every((e) => e.startDate.toJSDate().toISOString() !== hourFromNow(101))).toBe(true);

      const rotated = await api.post('/api/booking/feed', {}, alice.jwt);
      expect((await fetch(`${haven.url}${url.pathname}`)).status).toBe(404);
      const second = new URL(rotated.body.data.url).pathname;
      expect((await fetch(`${haven.url}${second}`)).status).toBe(200);
      await api.del('/api/booking/feed', alice.jwt);
      expect((await fetch(`${haven.url}${second}`)).status).toBe(404);
      expect((await fetch(`${haven.url}/api/booking/calendar/not-a-token.ics`)).status).toBe(404);
      expect((await api.post('/api/booking/feed', {})).status).toBe(403);
    });

    it('twenty feed rotations at once all answer, and exactly one of their addresses works afterwards', async () => {
      const carol = await createUser(haven, 'client');
      const answers = await Promise.all(Array.from({ length: 20 }, () => api.post('/api/booking/feed', {}, carol.jwt)));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
      const working = [];
      for (const a of answers) if ((await fetch(`${haven.url}${new URL(a.body.data.url).pathname}`)).status === 200) working.push(a);
      expect(working).toHaveLength(1);
      expect((await api.get('/api/booking/feed', carol.jwt)).body.data.active).toBe(true);
    });
  });
});
