/** The busy intervals read from one external calendar, replaced as a whole inside the caller's transaction. */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { meta } from './meta';
import { UID } from './uids';

export interface BusyInterval {
  start: number;
  end: number;
}

/** Drops a calendar's busy intervals (before a refresh writes new ones, or when it is removed). */
export async function clearBusy(strapi: Core.Strapi, trx: Knex.Transaction, calendarId: number): Promise<void> {
  const x = meta(strapi, UID.busy);
  await trx(x.table).where(x.column('calendarId'), calendarId).delete();
}

/** Replaces a calendar's busy intervals, inserted 200 at a time. */
export async function replaceBusy(strapi: Core.Strapi, trx: Knex.Transaction, calendar: { id: number; therapistUserId: number }, busy: BusyInterval[]): Promise<void> {
  const x = meta(strapi, UID.busy);
  await clearBusy(strapi, trx, calendar.id);
  const records = busy.map((b) => ({
    [x.column('calendarId')]: calendar.id,
    [x.column('therapistUserId')]: calendar.therapistUserId,
    [x.column('startsAt')]: new Date(b.start),
    [x.column('endsAt')]: new Date(b.end),
  }));
  for (let i = 0; i < records.length; i += 200) await trx(x.table).insert(records.slice(i, i + 200));
}
