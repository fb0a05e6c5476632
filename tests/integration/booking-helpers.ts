/** Shared set-up of the booking tests: therapists with hours, clients, and grid-aligned future starts. */
import { apiClient, createUser, type Haven } from '../helpers/haven';

export type User = Awaited<ReturnType<typeof createUser>>;

export interface TherapistOptions {
  timeZone?: string;
  sessionLengthMinutes?: number;
  rateMinor?: number;
  currency?: string;
  verified?: boolean;
  availability?: Record<string, unknown>;
}

/** Every day, all day, hourly starts, no notice: a therapist whose time is easy to reason about. */
export const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weeklyHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
  incrementMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeHours: 0,
  minNoticeDays: 0,
  horizonDays: 365,
};

export async function therapist(haven: Haven, options: TherapistOptions = {}) {
  const user = await createUser(haven, 'therapist', { verificationStatus: options.verified === false ? 'pending' : 'verified' });
  await haven.strapi.documents('api::therapist-profile.therapist-profile').update({
    documentId: user.therapistProfile.documentId,
    data: { sessionLengthMinutes: options.sessionLengthMinutes ?? 50, rateMinor: options.rateMinor ?? 9000, currency: options.currency ?? 'USD' },
  });
  if (options.timeZone) {
    const profile = await haven.strapi.db.query('api::profile.profile').findOne({ where: { user: { id: user.id } } });
    await haven.strapi.db.query('api::profile.profile').update({ where: { id: profile.id }, data: { timeZone: options.timeZone } });
  }
  const api = apiClient(haven.url);
  const res = await api.put('/api/booking/availability', options.availability ?? ALWAYS_OPEN, user.jwt);
  if (res.status !== 200) throw new Error(`availability: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...user, therapistId: user.therapistProfile.documentId as string };
}

/** A start on the hourly grid, `hours` from now (rounded up to the next full hour first). */
export function hourFromNow(hours: number): string {
  const next = new Date();
  next.setUTCMinutes(0, 0, 0);
  next.setUTCHours(next.getUTCHours() + 1 + hours);
  return next.toISOString();
}

export async function bookingCount(haven: Haven, where: Record<string, unknown> = {}) {
  return haven.strapi.db.query('plugin::booking.booking').count({ where });
}

/** Records every booking event the plugin emits, in order. */
export function recordEvents(haven: Haven) {
  const seen: { name: string; payload: any }[] = [];
  const events = haven.strapi.plugin('booking').service('events');
  for (const name of ['booking.created', 'booking.confirmed', 'booking.cancelled', 'booking.rescheduled', 'booking.expired', 'booking.outcome']) {
    events.on(name, (payload: unknown) => {
      seen.push({ name, payload });
    });
  }
  return {
    seen,
    async settle() {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await events.idle();
    },
    of(name: string, bookingId?: string) {
      return seen.filter((e) => e.name === name && (!bookingId || e.payload.booking.id === bookingId));
    },
  };
}
