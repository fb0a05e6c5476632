#!/usr/bin/env node
/**
 * The server side of `npm run bench:booking` (bench/booking.mjs starts it once per database):
 * boots Haven's compiled CMS on an empty database, then builds the data the issue names:
 *
 *   - one bench therapist (hours every day 08:00–20:00 UTC, 30-minute grid, 50-minute sessions, 10-minute
 *     buffer) with BENCH_BOOKINGS bookings, half past and half future, written through the booking service
 *     for the first few (the reference shape) and then with knex in that shape (bookings and slot claims);
 *   - a BENCH_EVENTS-event external calendar (a third weekly recurring, the rest single events, some
 *     all-day), served by a local HTTP server and read through the plugin's own calendar service;
 *   - BENCH_THERAPISTS verified therapists for the directory (users, profiles, therapist profiles and
 *     weekly hours, inserted with knex), their next free slot cached as the background refresher does.
 *
 * Then it serves the CMS on 127.0.0.1 and prints `BENCH_TARGET {…}`; it stops on SIGTERM.
 * Needs DATABASE_FILENAME (sqlite) or DATABASE_URL (postgres) and the compiled cms/dist and plugins.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { numberFromEnv } from './lib/env.mjs';
import { createPerson, createTherapist, everyDay } from './lib/people.mjs';
import { bootTarget, emit, listen } from './lib/strapi.mjs';

const BOOKINGS = numberFromEnv('BENCH_BOOKINGS', 2000, { integer: true });
const EVENTS = numberFromEnv('BENCH_EVENTS', 500, { integer: true });
const THERAPISTS = numberFromEnv('BENCH_THERAPISTS', 1000, { integer: true });
const DAY = 86_400_000;

const { database, strapi } = await bootTarget('booking-target', {
  // The bench measures requests, not the workers: they stay quiet (the cache is filled below).
  env: { BOOKING_CALENDAR_ALLOW_PRIVATE_HOSTS: 'true', BOOKING_WORKERS: 'false' },
});
const knex = strapi.db.connection;
const meta = (uid) => strapi.db.metadata.get(uid);
const col = (m, name) => m.attributes[name]?.columnName ?? name;
const docId = () => crypto.randomBytes(12).toString('hex').slice(0, 24);
const booking = (name) => strapi.plugin('booking').service(name);
const started = Date.now();

// ---- the bench therapist and one client ------------------------------------------------------------
const { user: therapistUser, profile: therapistProfile } = await createTherapist(strapi, {
  email: 'bench.therapist@haven.example',
  displayName: 'Dr. Bench',
  licenceNumber: 'BENCH-1',
  availability: { weeklyHours: everyDay('08:00', '20:00'), incrementMinutes: 30, bufferAfterMinutes: 10 },
});
const client = await createPerson(strapi, { role: 'client', email: 'bench.client@haven.example', displayName: 'Bench Client' });

// Bookings: a few through the service (the shape), the rest with knex in that shape. Starts on the
// hour between 08:00 and 19:00, one per (day, hour), past and future.
const b = meta('plugin::booking.booking');
const c = meta('plugin::booking.slot-claim');
const today = Math.floor(Date.now() / DAY) * DAY;
const starts = [];
const perDay = 5;
for (let i = 0; starts.length < BOOKINGS; i++) {
  const dayOffset = Math.floor(i / perDay) + 2;
  const hour = 8 + ((i * 7) % 11);
  starts.push(today + dayOffset * DAY + hour * 3_600_000); // future
  if (starts.length < BOOKINGS) starts.push(today - (dayOffset - 1) * DAY + hour * 3_600_000); // past
}
const viaService = starts.filter((s) => s > Date.now()).slice(0, 3);
for (const start of viaService) await booking('bookings').create(client.id, { therapist: therapistProfile.documentId, start });
const reference = await strapi.db.query('plugin::booking.booking').findOne({ where: { therapistUserId: therapistUser.id } });
const rest = starts.filter((s) => !viaService.includes(s));
for (let i = 0; i < rest.length; i += 200) {
  const chunk = rest.slice(i, i + 200);
  const now = new Date();
  const rows = chunk.map((start) => ({
    document_id: docId(),
    [col(b, 'therapistUserId')]: therapistUser.id,
    [col(b, 'therapistProfileId')]: therapistProfile.documentId,
    [col(b, 'clientUserId')]: client.id,
    [col(b, 'startsAt')]: new Date(start),
    [col(b, 'endsAt')]: new Date(start + 50 * 60_000),
    [col(b, 'status')]: start < Date.now() ? 'completed' : 'confirmed',
    [col(b, 'confirmedAt')]: now,
    [col(b, 'rateMinor')]: reference.rateMinor,
    [col(b, 'currency')]: reference.currency,
    [col(b, 'bufferBeforeMinutes')]: reference.bufferBeforeMinutes,
    [col(b, 'bufferAfterMinutes')]: reference.bufferAfterMinutes,
    [col(b, 'sequence')]: 0,
    created_at: now,
    updated_at: now,
  }));
  const inserted = await knex(b.tableName).insert(rows).returning(['id', col(b, 'startsAt')]);
  const claims = [];
  for (const row of inserted) {
    const start = new Date(row[col(b, 'startsAt')]).getTime();
    for (let unit = Math.floor(start / 300_000); unit < Math.ceil((start + 60 * 60_000) / 300_000); unit++) {
      claims.push({ [col(c, 'therapistUserId')]: therapistUser.id, [col(c, 'unit')]: unit, [col(c, 'bookingId')]: row.id });
    }
  }
  for (let j = 0; j < claims.length; j += 500) await knex(c.tableName).insert(claims.slice(j, j + 500));
}
const bookingCount = await strapi.db.query('plugin::booking.booking').count({ where: { therapistUserId: therapistUser.id } });
if (bookingCount !== BOOKINGS) throw new Error(`expected ${BOOKINGS} bookings, found ${bookingCount}`);
emit('BENCH_PROGRESS', { step: 'bookings', count: bookingCount, seconds: (Date.now() - started) / 1000 });

// ---- a 500-event external calendar, read through the plugin ---------------------------------------
const stamp = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const dateOnly = (ms) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
const vevents = [];
for (let i = 0; i < EVENTS; i++) {
  const start = today + ((i * 37) % 60) * DAY + (7 + (i % 13)) * 3_600_000 + (i % 2) * 30 * 60_000;
  if (i % 3 === 0) {
    vevents.push(`BEGIN:VEVENT\r\nUID:weekly-${i}@bench\r\nDTSTART;TZID=America/New_York:${stamp(start).slice(0, 15)}\r\nDURATION:PT45M\r\nRRULE:FREQ=WEEKLY;COUNT=20\r\nSUMMARY:Weekly ${i}\r\nEND:VEVENT`);
  } else if (i % 17 === 0) {
    vevents.push(`BEGIN:VEVENT\r\nUID:allday-${i}@bench\r\nDTSTART;VALUE=DATE:${dateOnly(start + 30 * DAY)}\r\nDTEND;VALUE=DATE:${dateOnly(start + 31 * DAY)}\r\nSUMMARY:All day ${i}\r\nEND:VEVENT`);
  } else {
    vevents.push(`BEGIN:VEVENT\r\nUID:single-${i}@bench\r\nDTSTART:${stamp(start)}\r\nDTEND:${stamp(start + 60 * 60_000)}\r\nSUMMARY:Event ${i}\r\nEND:VEVENT`);
  }
}
const ics = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Haven bench//EN\r\n${vevents.join('\r\n')}\r\nEND:VCALENDAR\r\n`;
const icsServer = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/calendar' }).end(ics));
await new Promise((resolve) => icsServer.listen(0, '127.0.0.1', resolve));
const calendar = await booking('calendars').add(therapistUser.id, { url: `http://127.0.0.1:${icsServer.address().port}/bench.ics`, label: 'Bench' });
if (calendar.lastError) throw new Error(`calendar: ${calendar.lastError}`);
icsServer.close();
emit('BENCH_PROGRESS', { step: 'calendar', events: EVENTS, busy: calendar.busyCount, bytes: ics.length });

// ---- the directory: BENCH_THERAPISTS verified therapists ------------------------------------------
const u = meta('plugin::users-permissions.user');
const p = meta('api::profile.profile');
const tp = meta('api::therapist-profile.therapist-profile');
const a = meta('plugin::booking.availability');
const pUser = p.attributes.user.joinTable;
const tpUser = tp.attributes.user.joinTable;
const uRole = u.attributes.role.joinTable;
const roles = Object.fromEntries((await strapi.db.query('plugin::users-permissions.role').findMany({})).map((r) => [r.type, r.id]));
const passwordHash = (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: client.id }, select: ['password'] })).password;
const SPECIALTIES = ['anxiety', 'depression', 'trauma', 'grief', 'relationships', 'stress', 'addiction recovery', 'sleep', 'CBT', 'ADHD'];
const LANGUAGES = ['English', 'Spanish', 'German', 'French', 'Mandarin', 'Portuguese', 'Arabic', 'Hindi'];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney', 'Europe/London'];
for (let i = 0; i < THERAPISTS; i += 100) {
  const now = new Date();
  const batch = Array.from({ length: Math.min(100, THERAPISTS - i) }, (_, k) => i + k);
  const users = await knex(u.tableName)
    .insert(batch.map((n) => ({ document_id: docId(), username: `bench_t${n}`, email: `bench.t${n}@haven.example`, provider: 'local', password: passwordHash, confirmed: true, blocked: false, created_at: now, updated_at: now })))
    .returning(['id']);
  await knex(uRole.name).insert(users.map((row) => ({ [uRole.joinColumn.name]: row.id, [uRole.inverseJoinColumn.name]: roles.therapist })));
  const profiles = await knex(p.tableName)
    .insert(batch.map((n) => ({ document_id: docId(), [col(p, 'displayName')]: `Dr. Bench ${n}`, [col(p, 'timeZone')]: ZONES[n % ZONES.length], created_at: now, updated_at: now })))
    .returning(['id']);
  await knex(pUser.name).insert(profiles.map((row, k) => ({ [pUser.joinColumn.name]: row.id, [pUser.inverseJoinColumn.name]: users[k].id })));
  const tps = await knex(tp.tableName)
    .insert(
      batch.map((n) => ({
        document_id: docId(),
        [col(tp, 'licenceNumber')]: `BENCH-${n}`,
        [col(tp, 'licenceJurisdiction')]: 'Benchland',
        [col(tp, 'licenceExpiry')]: '2030-01-01',
        [col(tp, 'specialties')]: JSON.stringify([SPECIALTIES[n % 10], SPECIALTIES[(n * 3 + 1) % 10]]),
        [col(tp, 'languages')]: JSON.stringify([LANGUAGES[n % 8], 'English'].filter((v, j, all) => all.indexOf(v) === j)),
        [col(tp, 'bio')]: `Therapist number ${n}. I help people with ${SPECIALTIES[n % 10]} using a warm, practical approach.`,
        [col(tp, 'sessionLengthMinutes')]: 50,
        [col(tp, 'rateMinor')]: 5000 + (n % 20) * 500,
        [col(tp, 'currency')]: 'USD',
        [col(tp, 'verificationStatus')]: 'verified',
        created_at: now,
        updated_at: now,
      })),
    )
    .returning(['id']);
  await knex(tpUser.name).insert(tps.map((row, k) => ({ [tpUser.joinColumn.name]: row.id, [tpUser.inverseJoinColumn.name]: users[k].id })));
  await knex(a.tableName).insert(
    batch.map((n, k) => ({
      document_id: docId(),
      [col(a, 'therapistUserId')]: users[k].id,
      [col(a, 'timeZone')]: ZONES[n % ZONES.length],
      // Some therapists only open in a month, so "available this week" filters out a share.
      [col(a, 'weeklyHours')]: JSON.stringify(n % 5 === 0 ? [] : [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }))),
      [col(a, 'overrides')]: JSON.stringify(n % 5 === 0 ? [{ date: new Date(today + 30 * DAY).toISOString().slice(0, 10), kind: 'extra', start: '09:00', end: '12:00' }] : []),
      [col(a, 'incrementMinutes')]: 60,
      [col(a, 'bufferBeforeMinutes')]: 0,
      [col(a, 'bufferAfterMinutes')]: 10,
      [col(a, 'minNoticeHours')]: 24,
      [col(a, 'minNoticeDays')]: 0,
      [col(a, 'horizonDays')]: 60,
      [col(a, 'maxSeriesWeeks')]: 12,
      [col(a, 'lateCancellationRefundPercent')]: 0,
      created_at: now,
      updated_at: now,
    })),
  );
}
// Fill the next-free-slot cache as the background refresher would.
const allIds = (await knex(a.tableName).select(col(a, 'therapistUserId'))).map((row) => Number(row[col(a, 'therapistUserId')]));
for (let i = 0; i < allIds.length; i += 100) await booking('directory').nextFree(allIds.slice(i, i + 100), { fresh: true });
if (database === 'postgres') await knex.raw('VACUUM ANALYZE');
emit('BENCH_PROGRESS', { step: 'directory', therapists: allIds.length, seconds: (Date.now() - started) / 1000 });

emit('BENCH_TARGET', {
  url: await listen(strapi),
  therapistId: therapistProfile.documentId,
  bookings: bookingCount,
  busy: calendar.busyCount,
  events: EVENTS,
  therapists: allIds.length,
  generateSeconds: (Date.now() - started) / 1000,
});
