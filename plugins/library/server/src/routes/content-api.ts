import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/** Content API under /api/library. Role permissions are granted in cms/src/bootstrap/site-roles.ts. */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  'GET /search': 'search.search',
  'GET /search/config': 'search.config',
  'POST /resources/:slug/views': 'views.record',
});
