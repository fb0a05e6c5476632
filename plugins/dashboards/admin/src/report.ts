/**
 * What GET /dashboards/usage answers, as the page reads it. The server builds it in
 * server/src/lib/usage-report.ts; admin code may not import server code (npm run depcheck), so the
 * shape is written here too and tests/integration/dashboards-usage.test.ts checks the answer's keys.
 * (Both belong in a browser-safe @haven/shared module, like payments' views.)
 */
export type SessionSeries = 'booked' | 'held' | 'cancelled' | 'declined' | 'noShow';

export type UsageDay = { day: string; signups: number } & Record<SessionSeries, number>;

export interface MoneyPoint {
  day: string;
  revenueMinor: number;
  refundsMinor: number;
  payments: number;
  refunds: number;
}

export interface CurrencyMoney {
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
  money: CurrencyMoney[];
  totals: { signups: number } & Record<SessionSeries, number>;
  countedAt: string;
}
