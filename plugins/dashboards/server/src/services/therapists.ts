/**
 * The therapists dashboard: applications waiting (people), sessions per therapist and offered hours
 * (booking), time to first reply (chat), each one aggregate query in the plugin that owns the data;
 * then the busiest therapists' public names (people). Cached per range for `cacheSeconds` (config.ts).
 */
import { booking } from '@haven/plugin-booking/public';
import { chat } from '@haven/plugin-chat/public';
import { people } from '@haven/plugin-people/public';
import { TOP_THERAPISTS } from '@haven/shared/therapist-dashboard';
import { config } from '../get-service';
import type { DayRange } from '../lib/range';
import { therapistReport, type TherapistReport } from '../lib/therapist-report';
import { ttlCache } from '../lib/ttl-cache';

export type { TherapistReport };

export default () => {
  const cache = ttlCache<TherapistReport>(() => config().cacheSeconds * 1000);

  async function count(range: DayRange): Promise<TherapistReport> {
    // Side by side (PostgreSQL runs them on separate connections): each answers per therapist and for all.
    const [applications, sessions, offered, replies] = await Promise.all([
      people.applicationsWaiting(),
      booking.therapistSessions(range.start, range.end, TOP_THERAPISTS),
      booking.offeredMinutes(range.from, range.to),
      chat.firstReplies(range.start, range.end),
    ]);
    // Names for the busiest therapists only.
    const ids = sessions.top.map((row) => row.therapistUserId);
    const [persons, profileIds] = await Promise.all([people.many(ids), people.therapistProfileIds(ids)]);
    const names = new Map(ids.map((id) => [id, { displayName: persons.get(id)?.displayName ?? 'Haven member', profileId: profileIds.get(id) ?? null }]));
    return therapistReport({ days: range.days, applications, sessions, offered, replies, names }, new Date());
  }

  return {
    /** The therapist figures of a range (cached briefly per range); applications waiting are as of the count. */
    report(range: DayRange): Promise<TherapistReport> {
      return cache.get(`${range.from}/${range.to}`, () => count(range));
    },
  };
};
