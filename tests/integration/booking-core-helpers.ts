/** Set-up and request tables of the core booking suite (booking-core.test.ts). */
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { hourFromNow, recordEvents, therapist, type User } from './booking-helpers';

type Api = ReturnType<typeof apiClient>;

export interface BookingCore {
  haven: Haven;
  api: Api;
  events: ReturnType<typeof recordEvents>;
  open: Awaited<ReturnType<typeof therapist>>;
  alice: User;
  bob: User;
}

/** A Haven with quiet reminder and calendar workers, an always-open EUR therapist and two clients. */
export async function startBookingCore(): Promise<BookingCore> {
  const haven = await startHaven({ env: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } });
  const api = apiClient(haven.url);
  const events = recordEvents(haven);
  const open = await therapist(haven, { rateMinor: 12000, currency: 'EUR' });
  const alice = await createUser(haven, 'client');
  const bob = await createUser(haven, 'client');
  return { haven, api, events, open, alice, bob };
}

/** Slot windows that are refused, each with the status expected. */
export function badSlotWindows(openTherapistId: string, pendingTherapistId: string): [string, number][] {
  return [
    [`/api/booking/therapists/${openTherapistId}/slots?from=yesterday&to=2027-01-02`, 400],
    [`/api/booking/therapists/${openTherapistId}/slots?from=2027-01-01&to=2027-01-02&tz=Mars/Olympus`, 400],
    [`/api/booking/therapists/${openTherapistId}/slots?from=2027-01-01&to=2027-06-01`, 400],
    [`/api/booking/therapists/${openTherapistId}/slots?from=2027-01-05&to=2027-01-01`, 400],
    [`/api/booking/therapists/${openTherapistId}/slots?from=2027-01-01&to=2027-01-02&extra=1`, 400],
    [`/api/booking/therapists/nosuchtherapist000/slots?from=2027-01-01&to=2027-01-02`, 404],
    [`/api/booking/therapists/${pendingTherapistId}/slots?from=2027-01-01&to=2027-01-02`, 404],
  ];
}

type TherapistRef = { therapistId: string; jwt: string };

/** Booking requests that are refused: body, who sends it (`jwt`, or the open therapist), status and message expected. */
export function badBookingRequests(p: { open: TherapistRef; strict: TherapistRef; jwt: string; far: Date }): [unknown, string | undefined, number, RegExp][] {
  const { open, strict, jwt, far } = p;
  return [
    [{ therapist: open.therapistId, start: 'tomorrow' }, jwt, 400, /start/],
    [{ therapist: open.therapistId, start: '2027-01-01T10:00:00' }, jwt, 400, /offset/],
    [{ therapist: open.therapistId, start: hourFromNow(30).replace(':00:00', ':17:00') }, jwt, 400, /start times/],
    [{ therapist: open.therapistId, start: '2020-01-01T10:00:00Z' }, jwt, 400, /passed/],
    [{ therapist: strict.therapistId, start: hourFromNow(3) }, jwt, 400, /notice/],
    [{ therapist: open.therapistId, start: far.toISOString() }, jwt, 400, /far ahead/],
    [{ therapist: open.therapistId, start: hourFromNow(40), weeks: 40 }, jwt, 400, /weeks/],
    [{ therapist: open.therapistId, start: hourFromNow(40), price: 0 }, jwt, 400, /unknown field/],
    [{ therapist: 'nosuchtherapist000', start: hourFromNow(40) }, jwt, 404, /therapist/],
    [{ therapist: open.therapistId, start: hourFromNow(40) }, open.jwt, 400, /yourself/],
    [{ therapist: open.therapistId, start: hourFromNow(40) }, undefined, 403, /./],
  ];
}

/** Availability settings that are refused whole. */
export const BAD_AVAILABILITY = [
  { incrementMinutes: 7 },
  { timeZone: 'Nowhere/City' },
  { weeklyHours: [{ weekday: 8, start: '09:00', end: '10:00' }] },
  { weeklyHours: [{ weekday: 1, start: '10:00', end: '09:00' }] },
  { overrides: [{ date: '2027-02-30', kind: 'off' }] },
  { overrides: [{ date: '2027-02-03', kind: 'extra' }] },
  { lateCancellationRefundPercent: 150 },
  { somethingElse: true },
];

export type Role = 'public' | 'client' | 'therapist';
export const ALL: Role[] = ['public', 'client', 'therapist'];
const SIGNED_IN: Role[] = ['client', 'therapist'];
export interface BookingRoute {
  method: 'get' | 'post' | 'put' | 'del';
  path: string;
  body?: unknown;
  allowed: Role[];
}

/** Every booking endpoint with the roles the role table lets through. */
export function bookingRoutes(ids: { therapistId: string; openTherapistId: string; bookingId: string; calendarId: string }): BookingRoute[] {
  const { therapistId, openTherapistId, bookingId, calendarId } = ids;
  return [
    { method: 'get', path: '/api/booking/health', allowed: ALL },
    { method: 'get', path: `/api/booking/therapists/${therapistId}/slots?from=2027-01-04&to=2027-01-04`, allowed: ALL },
    { method: 'get', path: `/api/booking/therapists/${therapistId}/series?start=${encodeURIComponent(hourFromNow(200))}&weeks=2`, allowed: ALL },
    { method: 'post', path: '/api/booking/bookings', body: { therapist: openTherapistId, start: '2020-01-01T00:00:00Z' }, allowed: SIGNED_IN },
    { method: 'get', path: '/api/booking/bookings', allowed: SIGNED_IN },
    { method: 'get', path: `/api/booking/bookings/${bookingId}`, allowed: SIGNED_IN },
    { method: 'post', path: `/api/booking/bookings/${bookingId}/cancel`, body: { scope: 'sideways' }, allowed: SIGNED_IN },
    { method: 'post', path: `/api/booking/bookings/${bookingId}/reschedule`, body: { start: 'x' }, allowed: SIGNED_IN },
    { method: 'post', path: `/api/booking/bookings/${bookingId}/outcome`, body: { outcome: 'x' }, allowed: SIGNED_IN },
    { method: 'get', path: '/api/booking/availability', allowed: ['therapist'] },
    { method: 'put', path: '/api/booking/availability', body: { incrementMinutes: 7 }, allowed: ['therapist'] },
    { method: 'get', path: '/api/booking/calendars', allowed: ['therapist'] },
    { method: 'post', path: '/api/booking/calendars', body: { url: 'ftp://x' }, allowed: ['therapist'] },
    { method: 'post', path: `/api/booking/calendars/${calendarId}/refresh`, body: {}, allowed: ['therapist'] },
    { method: 'del', path: '/api/booking/calendars/nosuchcalendar1', allowed: ['therapist'] },
    { method: 'get', path: '/api/booking/feed', allowed: SIGNED_IN },
    { method: 'post', path: '/api/booking/feed', body: {}, allowed: SIGNED_IN },
    { method: 'del', path: '/api/booking/feed', allowed: SIGNED_IN },
    { method: 'get', path: '/api/booking/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics', allowed: ALL },
  ];
}

/** Calls a route as someone (a JWT) or as the public (undefined). */
export function callAs(api: Api, route: BookingRoute, jwt: string | undefined) {
  if (route.method === 'get') return api.get(route.path, jwt);
  if (route.method === 'del') return api.del(route.path, jwt);
  if (route.method === 'put') return api.put(route.path, route.body, jwt);
  return api.post(route.path, route.body, jwt);
}
