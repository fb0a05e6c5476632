import { healthController } from '@haven/shared/server/strapi';

/** GET /api/applications/health: the plugin answers. */
export default healthController('applications', () => ({}));
