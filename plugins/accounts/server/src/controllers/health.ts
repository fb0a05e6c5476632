import { healthController } from '@haven/shared/server/strapi';

/** GET /api/accounts/health: the plugin answers. */
export default healthController('accounts', () => ({}));
