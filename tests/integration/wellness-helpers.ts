/** Shared set-up of the wellness suites (wellness-*.test.ts): time zones, raw rows, bookings. */
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import { apiClient, type Haven } from '../helpers/haven';

interface Person {
  id: number;
  jwt: string;
}

/** Sets a person's profile time zone through the API, as they would. */
export async function setTimeZone(haven: Haven, person: Person, timeZone: string) {
  const res = await apiClient(haven.url).put('/api/profiles/me', { timeZone }, person.jwt);
  expect(res.status).toBe(200);
}

export const todayIn = (zone: string) => DateTime.now().setZone(zone).toISODate()!;

/** Waits while any of these zones is within a few seconds of midnight, so "today" cannot change mid-test. */
export async function waitAwayFromMidnight(zones: string[], marginSeconds = 10) {
  for (;;) {
    const close = zones.some((zone) => {
      const now = DateTime.now().setZone(zone);
      const seconds = now.hour * 3600 + now.minute * 60 + now.second;
      return seconds < marginSeconds || seconds > 86_400 - marginSeconds * 2;
    });
    if (!close) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export const entryTable = (haven: Haven): string => haven.strapi.db.metadata.get('plugin::wellness.entry').tableName;

/** Every raw column of a person's entry rows, straight from the database (no Strapi mapping). */
export async function rawEntries(haven: Haven, userId: number): Promise<Record<string, any>[]> {
  return haven.strapi.db.connection(entryTable(haven)).where({ user_id: userId }).orderBy('local_date');
}
