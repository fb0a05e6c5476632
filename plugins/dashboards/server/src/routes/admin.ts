import { routerOf, staff } from '@haven/shared/server/strapi';
import type controllers from '../controllers';
import { DASHBOARD_PERMISSIONS } from '../permissions';

/** Admin API under /dashboards: each route for admin-panel sessions holding its own plugin::dashboards.<action>. */
export default routerOf<typeof controllers>('admin', {
  'GET /usage': ['usage.find', staff(DASHBOARD_PERMISSIONS.read)],
  'GET /therapists': ['therapists.find', staff(DASHBOARD_PERMISSIONS.therapists)],
  'GET /engagement': ['engagement.find', staff(DASHBOARD_PERMISSIONS.engagement)],
  'GET /library': ['engagement.library', staff(DASHBOARD_PERMISSIONS.library)],
  'GET /moderation': ['engagement.moderation', staff(DASHBOARD_PERMISSIONS.moderation)],
});
