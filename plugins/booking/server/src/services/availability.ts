/** A therapist's availability rules and cancellation policy: read, defaults, and their own edits. */
import type { Core } from '@strapi/strapi';
import type { AvailabilityView } from '@haven/shared/booking';
import { people } from '@haven/plugin-people/public';
import { readAvailabilityRow } from '../db/availability-row';
import type { AvailabilityRow } from '../db/rows';
import { tables } from '../db/tables';
import { describePolicy } from '../lib/policy';
import { defaultRules, type AvailabilityInput, type AvailabilityRules } from '../lib/rules';
import { config } from '../get-service';
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

    /** Rules of many therapists at once (directory). */
    async rulesForMany(therapistUserIds: number[]): Promise<Map<number, AvailabilityRules>> {
      const found = (await rows().findMany({ where: { therapistUserId: { $in: therapistUserIds } } })) as AvailabilityRow[];
      const result = new Map<number, AvailabilityRules>();
      for (const row of found) result.set(row.therapistUserId, toRules(row, row.timeZone));
      return result;
    },
  };
};
