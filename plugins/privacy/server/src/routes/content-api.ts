import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/** Content API under /api/privacy (permissions per role in cms/src/bootstrap/site-roles.ts). */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  // exports (issue 20): one's own data, prepared in the background, downloaded once with a token sent in the body
  'POST /exports': 'exports.create',
  'GET /exports/latest': 'exports.latest',
  'GET /exports/:id': 'exports.findOne',
  'POST /exports/:id/link': 'exports.link',
  'POST /exports/:id/download': 'exports.download',
  // erasure (issue 20): asked for with the password again, scheduled after the grace period; a log-in cancels it
  'GET /erasure': 'erasure.find',
  'POST /erasure': 'erasure.create',
  'DELETE /erasure': 'erasure.cancel',
  'POST /erasure/notice': 'erasure.acknowledge',
});
