/** Direct payments awaiting confirmation, for staff dashboards: aggregates only, never who owes whom. */
import type { Core } from '@strapi/strapi';
import { outstandingDays, type OutstandingMoney } from '../db/outstanding-days';

export type { OutstandingCurrency, OutstandingMoney } from '../db/outstanding-days';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Outstanding direct payments per currency now, and those created per UTC day of [from, to) (db/outstanding-days.ts). */
  outstanding(from: Date, to: Date): Promise<OutstandingMoney> {
    return outstandingDays(strapi, from, to);
  },
});
