/**
 * The therapists dashboard's answer, assembled from the owners' aggregates: people's applications
 * waiting, booking's sessions per therapist and offered minutes, chat's first replies, and the
 * busiest therapists' public names. Counts, minutes and shares only: no client appears, not even by
 * id. Pure (no Strapi), unit-tested; the answer's types live in @haven/shared/therapist-dashboard,
 * where the admin page reads them too.
 */
import type { OfferedMinutes, SessionFigures, TherapistSessions } from '@haven/plugin-booking/public';
import type { FirstReplies, FirstReplyFigures } from '@haven/plugin-chat/public';
import type { WaitingApplications } from '@haven/plugin-people/public';
import type { ApplicationsWaiting, TherapistFigures, TherapistReport, TherapistRow } from '@haven/shared/therapist-dashboard';

export type { ApplicationsWaiting, TherapistFigures, TherapistReport, TherapistRow };

const DAY_MS = 86_400_000;
const NO_REPLIES: FirstReplyFigures = { conversations: 0, replied: 0, medianMinutes: null };

export interface TherapistInputs {
  /** Every UTC day of the range, in order. */
  days: string[];
  applications: WaitingApplications;
  sessions: TherapistSessions;
  offered: OfferedMinutes;
  replies: FirstReplies;
  /** Public names and profile ids of the busiest therapists, by account id. */
  names: Map<number, { displayName: string; profileId: string | null }>;
}

/** Whole days from `at` to `now` (never negative), or null. */
const daysSince = (at: number | null, now: number) => (at === null ? null : Math.max(0, Math.floor((now - at) / DAY_MS)));

export function applicationsWaiting(waiting: WaitingApplications, now: number): ApplicationsWaiting {
  return { count: waiting.count, oldestDays: daysSince(waiting.oldestAt, now), medianDays: daysSince(waiting.medianAt, now) };
}

/** Booked over offered minutes, three decimals; null when nothing was offered (a share of nothing). */
export const utilisation = (booked: number, offered: number) => (offered > 0 ? Math.round((booked / offered) * 1000) / 1000 : null);

function figures(sessions: SessionFigures, offeredMinutes: number, firstReply: FirstReplyFigures): TherapistFigures {
  return {
    held: sessions.held,
    noShow: sessions.noShow,
    cancelled: sessions.cancelled,
    cancelledByTherapist: sessions.cancelledByTherapist,
    scheduled: sessions.scheduled,
    bookedMinutes: sessions.bookedMinutes,
    offeredMinutes,
    utilisation: utilisation(sessions.bookedMinutes, offeredMinutes),
    clients: sessions.clients,
    returningClients: sessions.returningClients,
    firstReply: { ...firstReply },
  };
}

export function therapistReport(input: TherapistInputs, countedAt: Date): TherapistReport {
  const therapists: TherapistRow[] = input.sessions.top.map(({ therapistUserId, ...sessions }) => {
    const name = input.names.get(therapistUserId);
    return {
      profileId: name?.profileId ?? null,
      displayName: name?.displayName ?? 'Haven member',
      ...figures(sessions, input.offered.byTherapist.get(therapistUserId) ?? 0, input.replies.byTherapist.get(therapistUserId) ?? NO_REPLIES),
    };
  });
  const { therapists: count, ...totalSessions } = input.sessions.totals;
  return {
    range: { from: input.days[0], to: input.days[input.days.length - 1], days: input.days.length },
    applications: applicationsWaiting(input.applications, countedAt.getTime()),
    therapists,
    totals: { therapists: count, ...figures(totalSessions, input.offered.total, input.replies.total) },
    countedAt: countedAt.toISOString(),
  };
}
