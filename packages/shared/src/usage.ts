/**
 * The usage dashboard (GET /dashboards/usage, admin): per-day counts and money per currency, as the
 * dashboards plugin builds them from people's, booking's and payments' aggregates and as its admin page
 * reads them. Counts and sums only: nothing here says who.
 */

/** A count on one UTC day. */
export interface DayCount {
  /** UTC day, 'YYYY-MM-DD'. */
  day: string;
  count: number;
}

const DAY_MS = 86_400_000;

/** The Monday (UTC) that starts the ISO week of a day ('YYYY-MM-DD'). */
export function isoWeekStart(day: string): string {
  const at = Date.parse(`${day}T00:00:00.000Z`);
  const sinceMonday = (new Date(at).getUTCDay() + 6) % 7;
  return new Date(at - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** Booking's series, in the order the page draws them. */
export const SESSION_SERIES = ['booked', 'held', 'cancelled', 'declined', 'noShow'] as const;
export type SessionSeries = (typeof SESSION_SERIES)[number];

/** One day of the people and sessions charts. `active`: people who used the site that day (signed in, any request). */
export type UsageDay = { day: string; signups: number; active: number } & Record<SessionSeries, number>;

/** One ISO week (Monday to Sunday, UTC) of the weekly active people chart. */
export interface UsageWeek {
  /** The week's Monday, 'YYYY-MM-DD'. */
  week: string;
  /** Different people who used the site in that week (the whole week, even where the range cuts it). */
  active: number;
}

/** One day's direct payments that were created then and still await confirmation. */
export interface OutstandingPoint {
  day: string;
  count: number;
  amountMinor: number;
}

/** Direct payments (paid to the therapist outside Haven) that nobody has marked paid or waived yet, in one currency. */
export interface OutstandingMoney {
  /** ISO 4217 code. */
  currency: string;
  /** All of them now, whenever they were created. */
  count: number;
  amountMinor: number;
  /** Those created on each day of the range (and still outstanding). */
  days: OutstandingPoint[];
}

/** One day of a currency's money chart (integer minor units). */
export interface MoneyPoint {
  day: string;
  revenueMinor: number;
  refundsMinor: number;
  payments: number;
  refunds: number;
}

export interface CurrencyMoney {
  /** ISO 4217 code. */
  currency: string;
  days: MoneyPoint[];
  revenueMinor: number;
  refundsMinor: number;
  payments: number;
  refunds: number;
}

export interface UsageReport {
  range: { from: string; to: string; days: number };
  days: UsageDay[];
  /** Currencies with any revenue or refund in the range, alphabetically. */
  money: CurrencyMoney[];
  /** Every ISO week that overlaps the range, in order. */
  weeks: UsageWeek[];
  /** Currencies with outstanding direct payments now, alphabetically. */
  outstanding: OutstandingMoney[];
  /** Sums over the range's days, except `active`: different people active at all in the range. */
  totals: { signups: number; active: number } & Record<SessionSeries, number>;
  /** When these figures were counted (ISO); they are cached briefly. */
  countedAt: string;
}
