/**
 * A therapist's external calendars (the secret ICS address of Google, Outlook or Apple Calendar).
 * The address is encrypted at rest and never shown again in full. Each calendar is fetched (public
 * hosts only, size and time limits) and parsed in the background every BOOKING_CALENDAR_REFRESH_MINUTES
 * and on demand; its busy times replace the previous ones in one transaction. A failing feed keeps its
 * last good busy times and records the error for the therapist: it never breaks slots. The text is
 * read by a worker-backed FeedReader (lib/ics-read.ts) that answers within BOOKING_CALENDAR_PARSE_TIMEOUT_MS
 * whatever the feed holds. A feed that keeps failing is tried less and less often (the wait doubles,
 * up to a day), and refreshes by hand are throttled per calendar and per therapist.
 */
import type { Core } from '@strapi/strapi';
import { periodicWorker } from '@haven/shared/server/worker';
import { badRequest, conflict, notFound, tooMany } from '@haven/shared/errors';
import type { CalendarView } from '@haven/shared/booking';
import { clearBusy, replaceBusy } from '../db/external-busy';
import type { CalendarRow } from '../db/rows';
import { tables } from '../db/tables';
import { isoOrNull } from '../db/values';
import { fetchCalendar, FetchError, isPublicAddress, literalAddress, normaliseCalendarUrl, PrivateAddressError, resolvePinned } from '../lib/fetch-public';
import { FeedReader, IcsError, ReaderBusyError } from '../lib/ics-read';
import { decrypt, encrypt } from '../lib/secrets';
import { config, getService } from '../get-service';
import { calendarView, type CalendarRecord } from '../views';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The longest a failing feed waits before it is tried again. */
const MAX_BACKOFF_MS = DAY;


const urlError = (message: string) => badRequest(`url ${message}`, { errors: [{ path: ['url'], message }] });

export type { CalendarView };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const calendars = () => tables(strapi).calendars;
  let stopped = true;
  let reader: FeedReader | null = null;
  /** When each therapist asked for reads by hand in the last hour (this process). */
  const handReads = new Map<number, number[]>();

  const feedReader = () => (reader ??= new FeedReader({ timeoutMs: config().calendars.parseTimeoutMs, workers: config().calendars.parseWorkers }));

  /** Counts one read by hand, or answers 429 when the therapist has had their share this hour. */
  function throttleTherapist(therapistUserId: number, now = Date.now()) {
    const limit = config().calendars.readsPerHour;
    const recent = (handReads.get(therapistUserId) ?? []).filter((at) => at > now - HOUR);
    if (recent.length >= limit) {
      throw tooMany(`You have refreshed or added calendars ${limit} times in the last hour. Your calendars are still refreshed automatically; please try again later.`, new Date(recent[0] + HOUR));
    }
    recent.push(now);
    handReads.set(therapistUserId, recent);
    // Forget therapists with nothing recent, so the map stays as small as the last hour's activity.
    if (handReads.size > 1000) for (const [id, times] of handReads) if (!times.some((at) => at > now - HOUR)) handReads.delete(id);
  }

  /** How long a feed that just failed waits: as long as it has been failing, from one refresh interval up to a day. */
  function backoff(row: CalendarRow, now: number): number {
    const since = new Date(row.lastSuccessAt ?? row.createdAt ?? now).getTime();
    return Math.min(MAX_BACKOFF_MS, Math.max(config().calendars.refreshMinutes * 60_000, now - (Number.isFinite(since) ? since : now)));
  }

  /** The row read into plain values (public id, ISO dates, defaults); the encrypted address stays behind. */
  const record = (row: CalendarRow): CalendarRecord => ({
    id: row.documentId,
    therapistUserId: Number(row.therapistUserId),
    label: row.label || 'External calendar',
    urlHint: row.urlHint ?? '',
    lastAttemptAt: isoOrNull(row.lastAttemptAt),
    lastSuccessAt: isoOrNull(row.lastSuccessAt),
    lastError: row.lastError ?? null,
    busyCount: Number(row.busyCount ?? 0),
    nextRefreshAt: isoOrNull(row.nextRefreshAt),
  });
  const view = (row: CalendarRow): CalendarView => calendarView.pick(record(row));

  async function own(therapistUserId: number, id: string): Promise<CalendarRow> {
    const row = (await calendars().findOne({ where: { documentId: id, therapistUserId } })) as CalendarRow | null;
    if (!row) throw notFound('No such calendar');
    return row;
  }

  /** Fetches, parses and stores one calendar's busy times; records (never throws) a feed error. */
  async function refreshRow(row: CalendarRow, now = Date.now()): Promise<CalendarRow> {
    const c = config().calendars;
    const nextRefreshAt = new Date(now + c.refreshMinutes * 60_000);
    try {
      const rules = await getService('availability').rulesFor(row.therapistUserId);
      const text = await fetchCalendar(decrypt(row.urlEncrypted, config().encryptionKey), c);
      const busy = await feedReader().read(text, { from: now - DAY, to: now + (Math.max(rules.horizonDays, 30) + 2) * DAY, defaultZone: rules.timeZone });
      await strapi.db.transaction(async ({ trx }) => {
        await replaceBusy(strapi, trx, row, busy);
        await calendars().update({
          where: { id: row.id },
          data: { lastAttemptAt: new Date(now), lastSuccessAt: new Date(now), lastError: null, busyCount: busy.length, nextRefreshAt, leaseUntil: null },
        });
      });
    } catch (err) {
      const known = err instanceof FetchError || err instanceof IcsError || err instanceof ReaderBusyError;
      if (!known) strapi.log.warn(`[booking] calendar ${row.documentId} refresh failed: ${(err as Error).stack ?? err}`);
      const message = known ? (err as Error).message : 'The calendar could not be read. Please check the address.';
      // Busy readers are our load, not the feed's fault: try again soon. A failing feed backs off.
      const wait = err instanceof ReaderBusyError ? c.pollMs + c.parseTimeoutMs : backoff(row, now);
      await calendars().update({ where: { id: row.id }, data: { lastAttemptAt: new Date(now), lastError: message, nextRefreshAt: new Date(now + wait), leaseUntil: null } });
    }
    getService('directory').invalidate(row.therapistUserId);
    return (await calendars().findOne({ where: { id: row.id } })) as CalendarRow;
  }

  /** Refreshes every due calendar this process could lease (several processes share the work). */
  async function refreshDue() {
    const now = Date.now();
    const due = (await calendars().findMany({
      where: { $or: [{ nextRefreshAt: { $null: true } }, { nextRefreshAt: { $lte: new Date(now) } }] },
      limit: 20,
      orderBy: [{ id: 'asc' }],
    })) as CalendarRow[];
    for (const row of due) {
      if (stopped) return;
      const { count } = await calendars().updateMany({
        where: { id: row.id, $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lt: new Date(now) } }] },
        data: { leaseUntil: new Date(now + (config().calendars.timeoutMs + config().calendars.parseTimeoutMs) * 3) },
      });
      // Each read is stamped with its own time: the per-calendar cooldown counts from it.
      if (count) await refreshRow(row);
    }
  }

  const service = {
    async list(therapistUserId: number): Promise<CalendarView[]> {
      const found = (await calendars().findMany({ where: { therapistUserId }, orderBy: [{ id: 'asc' }] })) as CalendarRow[];
      return found.map(view);
    },

    /** Adds a calendar and reads it at once; a feed that fails is kept with its error shown. */
    async add(therapistUserId: number, input: { url: string; label?: string }): Promise<CalendarView> {
      let url: URL;
      try {
        url = normaliseCalendarUrl(input.url);
      } catch (err) {
        throw urlError((err as Error).message);
      }
      const c = config().calendars;
      // A literal address is judged at once, for free; a host name costs a DNS lookup, so it is
      // looked up only within the therapist's hourly share of reads.
      const literal = literalAddress(url);
      if (literal && !c.allowPrivateHosts && !isPublicAddress(literal)) throw urlError('must be on the public internet; this one points to a private, local or reserved network.');
      const count = await calendars().count({ where: { therapistUserId } });
      if (count >= c.maxPerTherapist) throw conflict(`You can connect up to ${c.maxPerTherapist} calendars. Remove one first.`);
      throttleTherapist(therapistUserId);
      try {
        await resolvePinned(url, c.allowPrivateHosts);
      } catch (err) {
        if (err instanceof PrivateAddressError) throw urlError('must be on the public internet; this one points to a private, local or reserved network.');
        // A host that cannot be found now is kept with its error shown, like any failing feed.
      }
      const row = (await calendars().create({
        data: {
          therapistUserId,
          label: input.label || url.hostname,
          urlEncrypted: encrypt(url.toString(), config().encryptionKey),
          urlHint: `${url.protocol}//${url.host}/…`,
          busyCount: 0,
        },
      })) as CalendarRow;
      return view(await refreshRow(row));
    },

    /** Reads a calendar now, at most once per cooldown per calendar and within the therapist's hourly share. */
    async refresh(therapistUserId: number, id: string): Promise<CalendarView> {
      const row = await own(therapistUserId, id);
      const now = Date.now();
      const cooldown = config().calendars.refreshCooldownSeconds * 1000;
      const last = row.lastAttemptAt ? new Date(row.lastAttemptAt).getTime() : 0;
      if (now - last < cooldown) {
        throw tooMany(`This calendar was read moments ago. It can be refreshed again in ${Math.ceil((last + cooldown - now) / 1000)} seconds.`, new Date(last + cooldown));
      }
      throttleTherapist(therapistUserId, now);
      return view(await refreshRow(row, now));
    },

    async remove(therapistUserId: number, id: string): Promise<void> {
      const row = await own(therapistUserId, id);
      await strapi.db.transaction(async ({ trx }) => {
        await clearBusy(strapi, trx, row.id);
        await calendars().delete({ where: { id: row.id } });
      });
      getService('directory').invalidate(therapistUserId);
    },

    /** Refreshes due feeds now and then (on PostgreSQL each pass runs in one process). */
    start() {
      stopped = false;
      worker.start();
    },

    async stop() {
      stopped = true;
      const stopping = worker.stop();
      // Reads under way end now (as "try again"), so a stop never waits on a feed.
      await reader?.close();
      reader = null;
      await stopping;
    },
  };
  const worker = periodicWorker({
    id: 'booking.calendar-refresh',
    name: '[booking] calendar refresh',
    pass: refreshDue,
    intervalMs: () => config().calendars.pollMs,
    firstDelayMs: () => config().calendars.pollMs,
    logError: (message) => strapi.log.error(message),
  });
  return service;
};
