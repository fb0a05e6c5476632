import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/** Content API under /api/identity (permissions per role in cms/src/bootstrap/site-roles.ts). */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  // two-factor and sessions (issue 20)
  // consent (issue 20)
  'GET /consent': 'consent.find',
  'POST /consent': 'consent.accept',
});
