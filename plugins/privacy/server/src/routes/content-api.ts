import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/** Content API under /api/privacy (permissions per role in cms/src/bootstrap/site-roles.ts). */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  // exports (issue 20)
  // erasure (issue 20)
});
