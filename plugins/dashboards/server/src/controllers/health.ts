import { healthController } from '@haven/shared/server/strapi';
import { config } from '../get-service';

/** GET /api/dashboards/health: the plugin answers and says how long figures are cached. */
export default healthController('dashboards', () => ({ cacheSeconds: config().cacheSeconds }));
