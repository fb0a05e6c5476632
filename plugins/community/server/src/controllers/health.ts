import { healthController } from '@haven/shared/server/strapi';
import { config } from '../get-service';

/** GET /api/community/health: how many flags hide a post. */
export default healthController('community', () => ({ flagThreshold: config().flagThreshold }));
