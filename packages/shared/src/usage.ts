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

/** Booking's series, in the order the page draws them. */
export const SESSION_SERIES = ['booked', 'held', 'cancelled', 'declined', 'noShow'] as const;
export type SessionSeries = (typeof SESSION_SERIES)[number];

/** One day of the people and sessions charts. */
export type UsageDay = { day: string; signups: number } & Record<SessionSeries, number>;

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
  totals: { signups: number } & Record<SessionSeries, number>;
  /** When these figures were counted (ISO); they are cached briefly. */
  countedAt: string;
}
