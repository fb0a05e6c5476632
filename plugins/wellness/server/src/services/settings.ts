/** A person's own activities (beyond the suggested ones) and their optional daily reminder. */
import type { Core } from '@strapi/strapi';
import { badRequest } from '@haven/shared/errors';
import { DEFAULT_ACTIVITIES, WELLNESS_LIMITS, type SettingsView } from '@haven/shared/wellness';
import { isUniqueViolation } from '@haven/shared/server/db';
import type { SettingRow } from '../db/rows';
import { tables } from '../db/tables';
import type { SettingsInput } from '../lib/validation';

export type { SettingsView };

const SUGGESTED = new Set<string>(DEFAULT_ACTIVITIES);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => tables(strapi).settings;

  const find = async (userId: number): Promise<SettingRow | null> => settings().findOne({ where: { userId } });

  /** Writes a person's row, creating it on first use (a parallel first write meets the unique index). */
  async function save(userId: number, data: Partial<Omit<SettingRow, 'id' | 'userId'>>): Promise<SettingRow> {
    const existing = await find(userId);
    if (existing) return settings().update({ where: { id: existing.id }, data });
    try {
      return await settings().create({ data: { userId, customActivities: [], reminderEnabled: false, reminderTime: null, ...data } });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const theirs = await find(userId);
      if (!theirs) throw err;
      return settings().update({ where: { id: theirs.id }, data });
    }
  }

  const toView = (row: SettingRow | null): SettingsView => ({
    activities: { suggested: [...DEFAULT_ACTIVITIES], own: row?.customActivities ?? [] },
    reminder: { enabled: Boolean(row?.reminderEnabled), time: row?.reminderTime ?? null },
  });

  const service = {
    async get(userId: number): Promise<SettingsView> {
      return toView(await find(userId));
    },

    async update(userId: number, input: SettingsInput): Promise<SettingsView> {
      const current = await find(userId);
      const time = input.reminderTime === undefined ? (current?.reminderTime ?? null) : input.reminderTime;
      const enabled = input.reminderEnabled ?? Boolean(current?.reminderEnabled);
      if (enabled && !time) throw badRequest('reminderTime is needed for a daily reminder', { errors: [{ path: ['reminderTime'], message: 'is needed for a daily reminder' }] });
      const data: Partial<SettingRow> = { reminderEnabled: enabled, reminderTime: time };
      if (input.activities) data.customActivities = input.activities.filter((activity) => !SUGGESTED.has(activity));
      return toView(await save(userId, data));
    },

    /** The activities of an entry that are neither suggested nor already the person's; refuses going over the limit. */
    async newActivities(userId: number, activities: string[]): Promise<string[]> {
      const unknown = activities.filter((activity) => !SUGGESTED.has(activity));
      if (unknown.length === 0) return [];
      const own = new Set((await find(userId))?.customActivities ?? []);
      const added = unknown.filter((activity) => !own.has(activity));
      if (own.size + added.length > WELLNESS_LIMITS.customActivities) {
        throw badRequest(`You can keep at most ${WELLNESS_LIMITS.customActivities} activities of your own; remove some in your wellness settings first.`, {
          errors: [{ path: ['activities'], message: `would make more than ${WELLNESS_LIMITS.customActivities} activities of your own` }],
        });
      }
      return added;
    },

    async addActivities(userId: number, added: string[]): Promise<void> {
      const own = (await find(userId))?.customActivities ?? [];
      const merged = [...new Set([...own, ...added])].slice(0, WELLNESS_LIMITS.customActivities);
      await save(userId, { customActivities: merged });
    },

    /** Everything stored about a person's settings, for their export. */
    async exportable(userId: number): Promise<SettingsView> {
      return service.get(userId);
    },
  };
  return service;
};
