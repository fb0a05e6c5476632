/**
 * Daily entries: one per person per local day (the profile's time zone decides which day is today;
 * a unique index on (user_id, local_date) holds it under parallel requests). Reflections are sealed
 * under the person's data key, bound to the entry's date, before they reach the database. Before
 * sealing, a reflection is screened for crisis language (the safety plugin's one path, in memory: the
 * words are never logged or kept anywhere else): the save is never refused, the answer carries the
 * crisis lines, the row keeps only a mark (`crisisAt`) and the therapists the person shares with are told.
 */
import type { Core } from '@strapi/strapi';
import { badRequest, conflict, notFound } from '@haven/shared/errors';
import { WELLNESS_LIMITS, type EntryView } from '@haven/shared/wellness';
import { isUniqueViolation } from '@haven/shared/server/db';
import { EnvelopeError, type OwnerSealer } from '@haven/shared/server/envelope';
import { people } from '@haven/plugin-people/public';
import { safety, type CrisisResources } from '@haven/plugin-safety/public';
import { addDays, dayNumber, localToday } from '../lib/dates';
import type { EntryRow } from '../db/rows';
import { tables } from '../db/tables';
import type { EntryInput, RangeQuery } from '../lib/validation';
import { getService } from '../get-service';
import { entryView, type EntryRecord } from '../views';

export type { EntryView };

/** What a save gives back: the entry, whether it was new, and (crisis language found) the lines and the therapists told. */
export interface SavedEntry {
  entry: EntryView;
  created: boolean;
  crisis: CrisisResources | null;
  /** Display names of the therapists who know (empty when none, and always without `crisis`). */
  therapistsTold: string[];
}

export interface Range {
  from: string;
  to: string;
  today: string;
  timeZone: string;
}

export const recordOf = (localDate: string) => `entry:${localDate}`;

/** Reads a reflection; a ciphertext that does not open is reported, never shown and never a 500. */
export function openReflection(sealer: OwnerSealer | null, row: Pick<EntryRow, 'reflection' | 'localDate'>, log: (message: string) => void): Pick<EntryView, 'reflection' | 'reflectionUnreadable'> {
  if (!row.reflection) return { reflection: null };
  try {
    if (!sealer) throw new EnvelopeError('unknown-key-version', 'no data key');
    return { reflection: sealer.decrypt(row.reflection, recordOf(row.localDate)) };
  } catch (err) {
    if (!(err instanceof EnvelopeError)) throw err;
    log(`[wellness] a reflection of ${row.localDate} could not be opened: ${err.code}`);
    return { reflection: null, reflectionUnreadable: true };
  }
}

export type { EntryRow };

/** What a reader sees of a reflection: opened (or unreadable) for its owner, withheld from a therapist it was not shared with. */
export type ReflectionShown = Pick<EntryView, 'reflection' | 'reflectionUnreadable'> | 'withheld';

/** A row as an answer: the owner's record, then only the fields `entryView` names. Withheld: neither the text nor whether there is one. */
export function toView(row: EntryRow, shown: ReflectionShown): EntryView {
  const withheld = shown === 'withheld';
  const record: EntryRecord = {
    userId: row.userId,
    date: row.localDate,
    mood: row.mood,
    energy: row.energy ?? null,
    sleepHours: row.sleepHours === null || row.sleepHours === undefined ? null : Number(row.sleepHours),
    emotions: row.emotions ?? [],
    activities: row.activities ?? [],
    ...(withheld ? { reflection: null } : shown),
    hasReflection: !withheld && Boolean(row.reflection),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
  return entryView.pick(record);
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const entries = () => tables(strapi).entries;
  const log = (message: string) => strapi.log.warn(message);

  /** The range a person asks for, in their zone: default the last 30 days up to today; never past today. */
  async function rangeFor(userId: number, query: RangeQuery, defaultDays = 30): Promise<Range> {
    const { timeZone } = await people.one(userId);
    return resolveRange(query, timeZone, defaultDays);
  }

  /** The crisis lines when the text holds crisis language, else null. A screening that fails is logged (never the text) and never stops the save. */
  function screen(reflection: string, locale: string | null): CrisisResources | null {
    try {
      return safety.check([reflection], locale).crisis;
    } catch (err) {
      strapi.log.error(`[wellness] a reflection could not be screened for crisis language: ${(err as Error).message}`);
      return null;
    }
  }

  /** The therapists are told after the entry is saved; a failure there is logged and never fails the save. */
  async function tellTherapists(userId: number, row: EntryRow): Promise<string[]> {
    try {
      return await getService('alerts').crisisReflection(userId, row);
    } catch (err) {
      strapi.log.error(`[wellness] could not tell the therapists about a check-in's crisis language: ${(err as Error).message}`);
      return [];
    }
  }

  const service = {
    rangeFor,

    /**
     * Creates or replaces the entry of one local day. `createOnly` (POST) refuses a day that already
     * has one. `locale` chooses the crisis lines when the reflection holds crisis language.
     */
    async put(userId: number, date: string, input: EntryInput, options: { createOnly?: boolean; locale?: string | null } = {}): Promise<SavedEntry> {
      const { timeZone } = await people.one(userId);
      const today = localToday(timeZone);
      if (date > today) {
        throw badRequest(`${date} has not come yet in your time zone (${timeZone}), where today is ${today}.`, { errors: [{ path: ['date'], message: `must be today (${today}) or earlier` }] });
      }
      // Activities of one's own join the person's list (at most 50): checked now, saved after the entry.
      const settings = getService('settings');
      const newActivities = await settings.newActivities(userId, input.activities);

      // Screened on the plain text, before it is sealed; the text goes no further than this call.
      const crisis = input.reflection ? screen(input.reflection, options.locale ?? null) : null;
      const sealer = input.reflection ? await getService('vault').sealerFor(userId, true) : null;
      const data = {
        mood: input.mood,
        energy: input.energy,
        sleepHours: input.sleepHours,
        emotions: input.emotions,
        activities: input.activities,
        reflection: sealer && input.reflection ? sealer.encrypt(input.reflection, recordOf(date)) : null,
      };
      const now = new Date();
      // The mark follows the reflection as it stands: kept (with its first time) while it still holds crisis language, gone when it no longer does.
      const markOf = (previous: EntryRow['crisisAt'] | undefined) => ({ crisisAt: crisis ? (previous ?? now) : null });

      const existing = await entries().findOne({ where: { userId, localDate: date }, select: ['id', 'crisisAt'] });
      let row: EntryRow;
      let created = false;
      if (existing) {
        if (options.createOnly) throw conflict(`You already have an entry for ${date}. Change it instead of adding another.`, { date });
        row = await entries().update({ where: { id: existing.id }, data: { ...data, ...markOf(existing.crisisAt) } });
      } else {
        try {
          row = await entries().create({ data: { userId, localDate: date, ...data, ...markOf(null) } });
          created = true;
        } catch (err) {
          // Another request created this day's entry between our read and our insert (unique index).
          if (!isUniqueViolation(err)) throw err;
          if (options.createOnly) throw conflict(`You already have an entry for ${date}. Change it instead of adding another.`, { date });
          const theirs = await entries().findOne({ where: { userId, localDate: date }, select: ['id', 'crisisAt'] });
          if (!theirs) throw err;
          row = await entries().update({ where: { id: theirs.id }, data: { ...data, ...markOf(theirs.crisisAt) } });
        }
      }
      if (newActivities.length) await settings.addActivities(userId, newActivities);
      const therapistsTold = crisis ? await tellTherapists(userId, row) : [];
      return { entry: toView(row, { reflection: input.reflection }), created, crisis, therapistsTold };
    },

    async findOne(userId: number, date: string): Promise<EntryView> {
      const row = await entries().findOne({ where: { userId, localDate: date } });
      if (!row) throw notFound(`You have no entry for ${date}.`);
      const sealer = row.reflection ? await getService('vault').sealerFor(userId, false) : null;
      return toView(row, openReflection(sealer, row, log));
    },

    /**
     * A person's entries in a range, oldest first. `reflections: false` (a therapist the client did not
     * share reflections with) withholds them: no text, and no word of whether there is one.
     */
    async list(userId: number, range: Pick<Range, 'from' | 'to'>, options: { reflections: boolean }): Promise<EntryView[]> {
      const rows = await entries().findMany({
        where: { userId, localDate: { $gte: range.from, $lte: range.to } },
        orderBy: { localDate: 'asc' },
      });
      const sealer = options.reflections && rows.some((row) => row.reflection) ? await getService('vault').sealerFor(userId, false) : null;
      return rows.map((row) => toView(row, options.reflections ? openReflection(sealer, row, log) : 'withheld'));
    },

    async remove(userId: number, date: string): Promise<void> {
      const { count } = await entries().deleteMany({ where: { userId, localDate: date } });
      if (count === 0) throw notFound(`You have no entry for ${date}.`);
    },
  };
  return service;
};

/** Fills in and checks ?from=&to= for a person's zone. */
export function resolveRange(query: RangeQuery, timeZone: string, defaultDays: number, now: Date = new Date()): Range {
  const today = localToday(timeZone, now);
  const to = query.to && query.to < today ? query.to : today;
  const from = query.from ?? addDays(to, -(defaultDays - 1));
  if (from > to) {
    throw badRequest(`from (${from}) must be on or before to (${to}); today is ${today} in your time zone (${timeZone}).`, { errors: [{ path: ['from'], message: 'must be on or before to' }] });
  }
  if (dayNumber(to) - dayNumber(from) + 1 > WELLNESS_LIMITS.maxRangeDays) {
    throw badRequest(`That range is too long: at most ${WELLNESS_LIMITS.maxRangeDays} days at a time.`, { errors: [{ path: ['from'], message: `must be at most ${WELLNESS_LIMITS.maxRangeDays} days before to` }] });
  }
  return { from, to, today, timeZone };
}
