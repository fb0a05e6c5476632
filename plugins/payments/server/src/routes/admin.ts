import { routerOf, staff } from '@haven/shared/server/strapi';
import type controllers from '../controllers';
import { PAYMENT_PERMISSIONS } from '../permissions';

/** Admin API of the Payments page under /payments/admin (admin-panel sessions holding the permission). */
export default routerOf<typeof controllers>('admin', {
  'GET /admin/payments': ['admin.find', staff(PAYMENT_PERMISSIONS.read)],
  'GET /admin/payments/:id': ['admin.findOne', staff(PAYMENT_PERMISSIONS.read)],
  'POST /admin/payments/:id/refund': ['admin.refund', staff(PAYMENT_PERMISSIONS.refund)],
  'POST /admin/payments/:id/mark': ['admin.mark', staff(PAYMENT_PERMISSIONS.refund)],
});
