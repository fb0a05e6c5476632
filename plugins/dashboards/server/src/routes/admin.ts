import { routerOf, staff } from '@haven/shared/server/strapi';
import type controllers from '../controllers';
import { DASHBOARD_PERMISSIONS } from '../permissions';

/** Admin API under /dashboards (admin-panel sessions holding plugin::dashboards.read). */
export default routerOf<typeof controllers>('admin', {
  'GET /usage': ['usage.find', staff(DASHBOARD_PERMISSIONS.read)],
});
