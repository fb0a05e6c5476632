/**
 * A therapist's external calendars (the secret ICS address of Google, Outlook or Apple Calendar).
 * The address is encrypted at rest and never shown again in full. Each calendar is fetched (public
 * hosts only, size and time limits) and parsed in the background every BOOKING_CALENDAR_REFRESH_MINUTES
 * and on demand; its busy times replace the previous ones in one transaction. A failing feed keeps its
 * last good busy times and records the error for the therapist: it never breaks slots.
 */
import type { Core } from '@strapi/strapi';
import { badRequest, conflict, notFound } from '@haven/shared/errors';
import type { CalendarView } from '@haven/shared/booking';
import type { BookingConfig } from '../config';
import { isoOrNull, meta, UID } from '../db/uids';
import { fetchCalendar, FetchError, normaliseCalendarUrl } from '../lib/fetch-public';
import { IcsError, readBusy } from '../lib/ics-read';
import { decrypt, encrypt } from '../lib/secrets';
import { getService } from '../get-service';

const DAY = 86_400_000;

interface CalendarRow {
  id: number;
  documentId: string;
  therapistUserId: number;
  label: string | null;
  urlEncrypted: string;
  urlHint: string | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  busyCount: number | null;
}

export type { CalendarView };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::booking') as BookingConfig;
  const calendars = () => strapi.db.query(UID.calendar);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  const view = (row: CalendarRow): CalendarView => ({
    id: row.documentId,
    label: row.label || 'External calendar',
    urlHint: row.urlHint ?? '',
    lastAttemptAt: isoOrNull(row.lastAttemptAt),
    lastSuccessAt: isoOrNull(row.lastSuccessAt),
    lastError: row.lastError ?? null,
    busyCount: Number(row.busyCount ?? 0),
  });

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
      const busy = readBusy(text, { from: now - DAY, to: now + (Math.max(rules.horizonDays, 30) + 2) * DAY, defaultZone: rules.timeZone });
      const x = meta(strapi, UID.busy);
      await strapi.db.transaction(async ({ trx }) => {
        await trx(x.table).where(x.column('calendarId'), row.id).delete();
        const records = busy.map((b) => ({
          [x.column('calendarId')]: row.id,
          [x.column('therapistUserId')]: row.therapistUserId,
          [x.column('startsAt')]: new Date(b.start),
          [x.column('endsAt')]: new Date(b.end),
        }));
        for (let i = 0; i < records.length; i += 200) await trx(x.table).insert(records.slice(i, i + 200));
        await calendars().update({
          where: { id: row.id },
          data: { lastAttemptAt: new Date(now), lastSuccessAt: new Date(now), lastError: null, busyCount: busy.length, nextRefreshAt, leaseUntil: null },
        });
      });
    } catch (err) {
      const known = err instanceof FetchError || err instanceof IcsError;
      if (!known) strapi.log.warn(`[booking] calendar ${row.documentId} refresh failed: ${(err as Error).stack ?? err}`);
      const message = known ? (err as Error).message : 'The calendar could not be read. Please check the address.';
      await calendars().update({ where: { id: row.id }, data: { lastAttemptAt: new Date(now), lastError: message, nextRefreshAt, leaseUntil: null } });
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
        data: { leaseUntil: new Date(now + config().calendars.timeoutMs * 3) },
      });
      if (count) await refreshRow(row, now);
    }
  }

  return {
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
        throw badRequest(`url ${(err as Error).message}`, { errors: [{ path: ['url'], message: (err as Error).message }] });
      }
      const count = await calendars().count({ where: { therapistUserId } });
      if (count >= config().calendars.maxPerTherapist) throw conflict(`You can connect up to ${config().calendars.maxPerTherapist} calendars. Remove one first.`);
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

    async refresh(therapistUserId: number, id: string): Promise<CalendarView> {
      return view(await refreshRow(await own(therapistUserId, id)));
    },

    async remove(therapistUserId: number, id: string): Promise<void> {
      const row = await own(therapistUserId, id);
      const x = meta(strapi, UID.busy);
      await strapi.db.transaction(async ({ trx }) => {
        await trx(x.table).where(x.column('calendarId'), row.id).delete();
        await calendars().delete({ where: { id: row.id } });
      });
      getService('directory').invalidate(therapistUserId);
    },

    start() {
      stopped = false;
      const loop = () => {
        if (stopped) return;
        running = refreshDue()
          .catch((err: Error) => {
            strapi.log.error(`[booking] calendar refresh: ${err.message}`);
          })
          .finally(() => {
            running = null;
            if (!stopped) {
              timer = setTimeout(loop, config().calendars.pollMs);
              timer.unref();
            }
          });
      };
      timer = setTimeout(loop, config().calendars.pollMs);
      timer.unref();
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
};
