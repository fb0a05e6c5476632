import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/** Content API under /api/applications. Role permissions are granted in cms/src/bootstrap/site-roles.ts (the applicant's routes: therapists). */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  'GET /mine': 'mine.find',
  'POST /mine/document': 'mine.upload',
  'GET /mine/document': 'mine.download',
  'PUT /mine/licence': 'mine.renew',
});
