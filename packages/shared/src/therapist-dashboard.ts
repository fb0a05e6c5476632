/**
 * The therapists dashboard (GET /dashboards/therapists, admin): applications waiting, and per
 * therapist (the busiest by sessions held) and across all therapists the sessions held, cancellation
 * and no-show rates, utilisation of offered hours, time to first reply in chat and clients returning,
 * as the dashboards plugin builds them from people's, booking's and chat's aggregates and as its
 * admin page reads them. Therapists are named (staff may see who practises); clients never are:
 * only counts of them.
 */

/** Below this many cases a share is written as a count ("1 of 3"), never as a percentage of almost nothing. */
export const SMALL_DENOMINATOR = 10;

/** A share: `count` of `of`. */
export interface Share {
  count: number;
  of: number;
}

/** "1 of 3" below SMALL_DENOMINATOR cases, else a whole percentage ("23 %"); "none" of nothing. */
export function shareText({ count, of }: Share, locale?: string): string {
  const n = (value: number) => new Intl.NumberFormat(locale).format(value);
  if (of === 0) return 'none';
  if (of < SMALL_DENOMINATOR) return `${n(count)} of ${n(of)}`;
  return `${n(Math.round((count / of) * 100))} %`;
}

/** Pending therapist profiles now (not bound to the range): how many and how long they have waited. */
export interface ApplicationsWaiting {
  count: number;
  /** Whole days the oldest has waited, or null when none waits. */
  oldestDays: number | null;
  /** Median wait in whole days, or null when none waits. */
  medianDays: number | null;
}

/** Chat: a client's first message of a conversation (sent in the range) and the therapist's first reply after it. */
export interface FirstReply {
  /** Conversations whose client wrote their first message in the range. */
  conversations: number;
  /** Of those, how many the therapist has answered. */
  replied: number;
  /** Median minutes from the client's first message to the reply (answered ones), one decimal; null when none. */
  medianMinutes: number | null;
}

/** One therapist's, or all therapists', sessions due to start in the range (booking counts them). */
export interface SessionFigures {
  /** Completed sessions that started in the range. */
  held: number;
  /** Sessions that started in the range marked no-show. */
  noShow: number;
  /** Sessions due to start in the range that were cancelled (declined requests excluded). */
  cancelled: number;
  /** Of the cancelled, those the therapist cancelled. */
  cancelledByTherapist: number;
  /** Sessions due to start in the range: held, no-show, cancelled or still confirmed (the cancellation rate's denominator). */
  scheduled: number;
  /** Minutes of confirmed, held and no-show sessions starting in the range (the time they took from the therapist's hours). */
  bookedMinutes: number;
  /** Distinct clients with a held session in the range (a count, nobody named). */
  clients: number;
  /** Of those, clients with two or more held sessions with the same therapist in the range. */
  returningClients: number;
}

/** One therapist's, or all therapists', figures over the range. */
export interface TherapistFigures extends SessionFigures {
  /** Minutes of availability offered in the range (weekly hours and date overrides). */
  offeredMinutes: number;
  /** booked / offered, 0 to 1 and more (overbooked by extra sessions), three decimals; null when nothing was offered. */
  utilisation: number | null;
  firstReply: FirstReply;
}

/** A therapist among the busiest: their public name and profile id, and their figures. */
export interface TherapistRow extends TherapistFigures {
  /** The therapist profile's public id (documentId), or null when the account has none any more. */
  profileId: string | null;
  displayName: string;
}

export interface TherapistReport {
  range: { from: string; to: string; days: number };
  applications: ApplicationsWaiting;
  /** The busiest therapists by sessions held (then sessions scheduled), at most `TOP_THERAPISTS`. */
  therapists: TherapistRow[];
  /** Across every therapist; `therapists`: how many had a session due in the range. */
  totals: TherapistFigures & { therapists: number };
  /** When these figures were counted (ISO); they are cached briefly. */
  countedAt: string;
}

/** How many therapists the report lists by name. */
export const TOP_THERAPISTS = 10;
