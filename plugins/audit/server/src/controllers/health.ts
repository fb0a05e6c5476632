import { healthController } from '@haven/shared/server/strapi';

/** GET /api/audit/health: the plugin answers and says how its entries are kept. */
export default healthController('audit', () => ({ appendOnly: true }));
