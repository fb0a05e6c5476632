/**
 * The dashboards plugin's public contract (`@haven/plugin-dashboards/public`). Dashboards is on top
 * of the plugins (layer 4, beside the CMS): nothing calls it in-process; the admin panel uses its
 * HTTP route. It publishes the answer's type and the admin permission a staff role would be granted.
 */
import { DASHBOARD_PERMISSIONS } from './permissions';

export type { CurrencyMoney, MoneyPoint, OutstandingMoney, UsageDay, UsageReport, UsageWeek } from './lib/usage-report';

export type DashboardPermissions = typeof DASHBOARD_PERMISSIONS;

export const dashboards = {
  /** The admin permission of the Dashboards page and widget (plugin::dashboards.read). */
  adminPermissions: (): DashboardPermissions => ({ ...DASHBOARD_PERMISSIONS }),
};
