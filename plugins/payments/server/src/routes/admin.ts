import { staff, type RouterInputFor } from '@haven/shared/strapi';
import type controllers from '../controllers';
import { PAYMENT_PERMISSIONS } from '../permissions';

/** Admin API of the Payments page under /payments/admin (admin-panel sessions holding the permission). */
export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/admin/payments', handler: 'admin.find', config: staff(PAYMENT_PERMISSIONS.read) },
    { method: 'GET', path: '/admin/payments/:id', handler: 'admin.findOne', config: staff(PAYMENT_PERMISSIONS.read) },
    { method: 'POST', path: '/admin/payments/:id/refund', handler: 'admin.refund', config: staff(PAYMENT_PERMISSIONS.refund) },
    { method: 'POST', path: '/admin/payments/:id/mark', handler: 'admin.mark', config: staff(PAYMENT_PERMISSIONS.refund) },
  ],
} satisfies RouterInputFor<typeof controllers, 'admin'>;
