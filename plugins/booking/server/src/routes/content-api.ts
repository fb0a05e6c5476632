import type { RouterInputFor } from '@haven/shared/strapi';
import type controllers from '../controllers';

/** Content API under /api/booking. Role permissions are granted in cms/src/bootstrap/site-roles.ts. */
export default {
  type: 'content-api',
  routes: [{ method: 'GET', path: '/health', handler: 'health.index', config: { policies: [] } }],
} satisfies RouterInputFor<typeof controllers, 'content-api'>;
