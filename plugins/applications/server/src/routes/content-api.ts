import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/** Content API under /api/applications. Role permissions are granted in cms/src/bootstrap/site-roles.ts. */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
});
