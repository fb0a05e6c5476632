import { routerOf, staff } from '@haven/shared/server/strapi';
import type controllers from '../controllers';
import { APPLICATION_PERMISSIONS } from '../permissions';

/** Admin API under /applications: reading needs plugin::applications.read, deciding plugin::applications.review. */
export default routerOf<typeof controllers>('admin', {
  'GET /applications': ['admin.find', staff(APPLICATION_PERMISSIONS.read)],
  'GET /applications/:id': ['admin.findOne', staff(APPLICATION_PERMISSIONS.read)],
  'GET /applications/:id/document': ['admin.document', staff(APPLICATION_PERMISSIONS.read)],
  'POST /applications/:id/decision': ['admin.decide', staff(APPLICATION_PERMISSIONS.review)],
});
