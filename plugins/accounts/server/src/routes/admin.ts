import { routerOf, staff } from '@haven/shared/server/strapi';
import type controllers from '../controllers';
import { ACCOUNTS_MANAGE, ACCOUNTS_READ } from '../permissions';

/** Admin API of the Accounts page under /accounts (super admins: the only role holding these actions). */
export default routerOf<typeof controllers>('admin', {
  'GET /accounts': ['accounts.find', staff(ACCOUNTS_READ)],
  'POST /accounts/:id/ban': ['accounts.ban', staff(ACCOUNTS_MANAGE)],
  'POST /accounts/:id/unban': ['accounts.unban', staff(ACCOUNTS_MANAGE)],
  'PUT /accounts/:id/role': ['accounts.role', staff(ACCOUNTS_MANAGE)],
  'PUT /accounts/:id/featured': ['accounts.featured', staff(ACCOUNTS_MANAGE)],
  'POST /invitations': ['accounts.invite', staff(ACCOUNTS_MANAGE)],
});
