/** Shared set-up of the wellness suites (wellness-*.test.ts): time zones, raw rows, bookings and sharing. */
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import { apiClient, type Haven } from '../helpers/haven';
import { hourFromNow, therapist as bookingTherapist } from './booking-helpers';
import { enrolTwoFactor } from '../helpers/two-factor';

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

// ---- sharing: a booking first (what consent requires), then consent, through the real APIs ----------

export type SharingTherapist = Awaited<ReturnType<typeof verifiedTherapist>>;

/**
 * A verified therapist whose calendar is always open (booking-helpers), ready to be booked and shared
 * with, with two-step sign-in on (clients' shared data needs it).
 */
export async function verifiedTherapist(haven: Haven) {
  const therapist = await bookingTherapist(haven);
  await enrolTwoFactor(haven, therapist);
  return therapist;
}

/** The client books a session with the therapist `hours` from now (each client of one therapist needs its own hour). */
export async function book(haven: Haven, client: Person, therapist: SharingTherapist, hours: number) {
  const res = await apiClient(haven.url).post('/api/booking/bookings', { therapist: therapist.therapistId, start: hourFromNow(hours) }, client.jwt);
  expect(res.status).toBe(201);
}

/** The client shares with the therapist (with or without reflections); answers the share's id, the therapist's handle on the client. */
export async function share(haven: Haven, client: Person, therapist: SharingTherapist, includeReflections = false): Promise<string> {
  const api = apiClient(haven.url);
  expect((await api.put(`/api/wellness/shares/${therapist.therapistId}`, { includeReflections }, client.jwt)).status).toBe(200);
  const name = (await api.get('/api/profiles/me', client.jwt)).body.data.displayName as string;
  const clients = (await api.get('/api/wellness/clients', therapist.jwt)).body.data as { id: string; displayName: string }[];
  const found = clients.find((c) => c.displayName === name);
  if (!found) throw new Error(`the therapist does not see ${name} among their clients`);
  return found.id;
}

/** Books and shares in one go. */
export async function bookAndShare(haven: Haven, client: Person, therapist: SharingTherapist, hours: number, includeReflections = false): Promise<string> {
  await book(haven, client, therapist, hours);
  return share(haven, client, therapist, includeReflections);
}

/** A calendar day `days` after (or before) another, YYYY-MM-DD. */
export const addDaysTo = (date: string, days: number) => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
