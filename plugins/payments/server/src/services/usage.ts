/** Money figures for staff dashboards: aggregates only, never who paid whom. */
import type { Core } from '@strapi/strapi';
import { moneyDays, type MoneyTotals } from '../db/money-days';

export type { MoneyDay, MoneyTotals } from '../db/money-days';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Revenue and refunds per UTC day and currency in [from, to), in minor units (db/money-days.ts says which day counts). */
  totals(from: Date, to: Date): Promise<MoneyTotals> {
    return moneyDays(strapi, from, to);
  },
});
