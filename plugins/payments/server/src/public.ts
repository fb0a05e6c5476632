/**
 * The payments plugin's public contract (`@haven/plugin-payments/public`): money per day for the
 * dashboards, the views its routes answer and the admin permission ids a staff role would be granted.
 * Payments publishes no events; it follows booking's.
 */
import { parseOrThrow } from '@haven/shared/validation';
import { getService } from './get-service';
import { instructionsInput } from './lib/validation';
import { PAYMENT_PERMISSIONS } from './permissions';
import type { OutstandingMoney } from './services/outstanding';
import type { PastPaymentInput } from './services/past-payments';
import type { MoneyTotals } from './services/usage';
import { personalData } from './personal-data';

export type { AdminPaymentView, PaymentSessionView, PaymentTotals, PaymentView } from '@haven/shared/payments';
export type { CheckoutResult } from './services/checkout';
export type { AdminFilters } from './db/admin-queries';
export type { MoneyDay, MoneyTotals } from './services/usage';
export type { OutstandingCurrency, OutstandingMoney } from './services/outstanding';
export type { PastPaymentInput } from './services/past-payments';

/** The admin-panel permission ids of the Payments page. */
export type PaymentPermissions = typeof PAYMENT_PERMISSIONS;

export const payments = {
  /** The person's data this plugin holds, for issue 20's export and erasure (./personal-data.ts). */
  personalData,
  /** Permission ids of the admin Payments page (read; refund and mark direct payments), for staff roles. */
  adminPermissions: (): PaymentPermissions => ({ ...PAYMENT_PERMISSIONS }),
  /** Revenue and refunds per UTC day and currency in [from, to), integer minor units (staff dashboards; sums only). */
  totals: (from: Date, to: Date): Promise<MoneyTotals> => getService('usage').totals(from, to),
  /** Direct payments awaiting confirmation per currency now, and those created per UTC day of [from, to) (staff dashboards; sums only). */
  outstanding: (from: Date, to: Date): Promise<OutstandingMoney> => getService('outstanding').outstanding(from, to),
  /** Writes the direct payment (and refund) of a session that already happened (the demo seed's history); false when written before. */
  recordPastPayment: (input: PastPaymentInput): Promise<boolean> => getService('past-payments').record(input),
  /**
   * Writes a therapist's payment instructions as PUT /api/payments/instructions/mine would (the demo
   * seed): the same normal form and limit; null or empty text removes them. Throws a 400 on bad text.
   */
  setInstructions: async (therapistUserId: number, text: string | null): Promise<string | null> =>
    (await getService('instructions').save(therapistUserId, parseOrThrow(instructionsInput, { instructions: text }).instructions)).instructions,
};
