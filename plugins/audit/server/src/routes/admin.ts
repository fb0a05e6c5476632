import { routerOf, staff } from '@haven/shared/server/strapi';
import type controllers from '../controllers';
import { AUDIT_READ } from '../permissions';

/** Admin API of the Audit log page under /audit. Reading only: no route changes or removes an entry. */
export default routerOf<typeof controllers>('admin', {
  'GET /entries': ['entries.find', staff(AUDIT_READ)],
});
