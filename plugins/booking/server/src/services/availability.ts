/** A therapist's availability rules and cancellation policy: read, defaults, and their own edits. */
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import type { AvailabilityPreview, AvailabilityView } from '@haven/shared/booking';
import { badRequest, notFound } from '@haven/shared/errors';
import { people } from '@haven/plugin-people/public';
import { readAvailabilityRow } from '../db/availability-row';
import type { AvailabilityRow } from '../db/rows';
import { tables } from '../db/tables';
import { describePolicy } from '../lib/policy';
import { defaultRules, MAX_DAY_OFF_RANGES, type AvailabilityInput, type AvailabilityRules, type DayOffInput, type DayOffRange } from '../lib/rules';
import { freeSlots, localIsoTimes } from '../lib/slots';
import { config, getService } from '../get-service';
import { availabilityView } from '../views';

export type { AvailabilityView };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => tables(strapi).availability;

  function toRules(row: AvailabilityRow | null, fallbackZone: string): AvailabilityRules {
    const base = defaultRules(fallbackZone, config().cancellationWindowHours);
    if (!row) return base;
    const pick = <K extends keyof AvailabilityRules>(key: K): AvailabilityRules[K] => (row[key] ?? base[key]) as AvailabilityRules[K];
    return {
      timeZone: row.timeZone || base.timeZone,
      weeklyHours: Array.isArray(row.weeklyHours) ? row.weeklyHours : [],
      overrides: Array.isArray(row.overrides) ? row.overrides : [],
      daysOff: Array.isArray(row.daysOff) ? row.daysOff : [],
      incrementMinutes: pick('incrementMinutes'),
      bufferBeforeMinutes: pick('bufferBeforeMinutes'),
      bufferAfterMinutes: pick('bufferAfterMinutes'),
      minNoticeHours: pick('minNoticeHours'),
      minNoticeDays: pick('minNoticeDays'),
      horizonDays: pick('horizonDays'),
      maxPerDay: row.maxPerDay ?? null,
      maxPerWeek: row.maxPerWeek ?? null,
      maxSeriesWeeks: pick('maxSeriesWeeks'),
      freeCancellationHours: row.freeCancellationHours ?? base.freeCancellationHours,
      lateCancellationRefundPercent: pick('lateCancellationRefundPercent'),
    };
  }

  return {
    /** The rules that apply to a therapist now (defaults, in their profile's zone, until they save their own). */
    async rulesFor(therapistUserId: number): Promise<AvailabilityRules> {
      const row = await readAvailabilityRow(strapi, therapistUserId);
      if (row) return toRules(row, row.timeZone);
      const person = await people.one(therapistUserId);
      return toRules(null, person.timeZone);
    },

    /**
     * The rules of a therapist known by public id, read at the same time as the therapist (slot list);
     * null when they have saved none yet (then rulesFor() gives the defaults).
     */
    async savedRulesByTherapistId(therapistId: string): Promise<AvailabilityRules | null> {
      // The account behind the public id (one indexed lookup, asked of people), then the rules row.
      const therapistUserId = await people.therapistUserIdById(therapistId);
      const row = therapistUserId === null ? null : await readAvailabilityRow(strapi, therapistUserId);
      return row ? toRules(row, row.timeZone) : null;
    },

    view(rules: AvailabilityRules): AvailabilityView {
      return availabilityView.pick({ ...rules, policyText: describePolicy(rules) });
    },

    /** Saves a therapist's changes (validated input); the rest of their rules stay as they were. */
    async update(therapistUserId: number, input: AvailabilityInput): Promise<AvailabilityView> {
      const current = await this.rulesFor(therapistUserId);
      const next: AvailabilityRules = { ...current, ...input } as AvailabilityRules;
      // Overrides kept sorted by date, so the editor shows them in order.
      next.overrides = [...next.overrides].sort((a, b) => a.date.localeCompare(b.date));
      const data = { ...next, therapistUserId, nextFreeComputedAt: null };
      const existing = await rows().findOne({ where: { therapistUserId }, select: ['id'] });
      if (existing) await rows().update({ where: { id: existing.id }, data });
      else await rows().create({ data });
      return this.view(next);
    },

    /**
     * The free times that `input` (unsaved edits over the saved rules) would offer from now over
     * `days` days, from the same slot code and the same bookings and busy times as the booking path.
     */
    async preview(therapistUserId: number, input: AvailabilityInput, days = 14, now = Date.now()): Promise<AvailabilityPreview> {
      const therapist = await people.therapistByUserId(therapistUserId);
      if (!therapist) throw notFound('No such therapist');
      const rules: AvailabilityRules = { ...(await this.rulesFor(therapistUserId)), ...input } as AvailabilityRules;
      const firstDay = DateTime.fromMillis(now, { zone: rules.timeZone }).startOf('day');
      const from = firstDay.toMillis();
      const to = firstDay.plus({ days }).toMillis();
      const ctx = await getService('slots').context(therapist, rules, now, from, to);
      const starts = freeSlots(ctx, from, to);
      const locals = localIsoTimes(starts, rules.timeZone);
      const byDate = new Map<string, AvailabilityPreview['days'][number]>();
      for (let i = 0; i < days; i++) {
        const date = firstDay.plus({ days: i }).toISODate()!;
        byDate.set(date, { date, slots: [] });
      }
      starts.forEach((start, i) => byDate.get(locals[i].slice(0, 10))?.slots.push({ start: new Date(start).toISOString(), local: locals[i] }));
      return { timeZone: rules.timeZone, sessionMinutes: therapist.sessionMinutes, days: [...byDate.values()] };
    },

    /**
     * Adds a range of whole days off. Refused (400, nothing written) when it starts before today in
     * the therapist's zone, overlaps a range they already have, or would exceed the count allowed.
     * Ranges that have ended are dropped on the way, so the count is of current ones.
     */
    async addDayOff(therapistUserId: number, input: DayOffInput, now = Date.now()): Promise<AvailabilityView> {
      const current = await this.rulesFor(therapistUserId);
      const today = DateTime.fromMillis(now, { zone: current.timeZone }).toISODate()!;
      if (input.from < today) throw badRequest(`Days off cannot start in the past (today is ${today} in ${current.timeZone}).`, { errors: [{ path: ['from'], message: 'must be today or later' }] });
      const kept = (current.daysOff ?? []).filter((range) => range.to >= today);
      const clash = kept.find((range) => range.from <= input.to && input.from <= range.to);
      if (clash) throw badRequest(`These days overlap your days off from ${clash.from} to ${clash.to}. Remove that range first or pick other dates.`, { errors: [{ path: ['from'], message: 'overlaps days off you already have' }] });
      if (kept.length >= MAX_DAY_OFF_RANGES) throw badRequest(`You can have at most ${MAX_DAY_OFF_RANGES} ranges of days off. Remove one first.`);
      const range: DayOffRange = { id: randomUUID(), from: input.from, to: input.to, note: input.note || null };
      return this.saveDaysOff(therapistUserId, current, [...kept, range].sort((a, b) => a.from.localeCompare(b.from)));
    },

    /** Removes one of the therapist's ranges of days off (404 when they have none with that id). */
    async removeDayOff(therapistUserId: number, id: string): Promise<AvailabilityView> {
      const current = await this.rulesFor(therapistUserId);
      const list = current.daysOff ?? [];
      if (!list.some((range) => range.id === id)) throw notFound('No such range of days off');
      return this.saveDaysOff(therapistUserId, current, list.filter((range) => range.id !== id));
    },

    async saveDaysOff(therapistUserId: number, current: AvailabilityRules, daysOff: DayOffRange[]): Promise<AvailabilityView> {
      const next = { ...current, daysOff };
      const existing = await rows().findOne({ where: { therapistUserId }, select: ['id'] });
      // nextFreeComputedAt: null makes the directory's "next free time" be computed again.
      if (existing) await rows().update({ where: { id: existing.id }, data: { daysOff, nextFreeComputedAt: null } });
      else await rows().create({ data: { ...next, therapistUserId, nextFreeComputedAt: null } });
      return this.view(next);
    },

    /** Rules of many therapists at once (directory). */
    async rulesForMany(therapistUserIds: number[]): Promise<Map<number, AvailabilityRules>> {
      const found = (await rows().findMany({ where: { therapistUserId: { $in: therapistUserIds } } })) as AvailabilityRow[];
      const result = new Map<number, AvailabilityRules>();
      for (const row of found) result.set(row.therapistUserId, toRules(row, row.timeZone));
      return result;
    },
  };
};
