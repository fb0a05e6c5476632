import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/** Content API under /api/safety. Both routes are public (granted to every role in cms/src/bootstrap/site-roles.ts). */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  'GET /lines': 'lines.find',
});
