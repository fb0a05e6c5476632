import { healthController } from '@haven/shared/server/strapi';
import { config } from '../get-service';

/** GET /api/library/health: which search engine the plugin runs. */
export default healthController('library', () => ({ engine: config().engine }));
