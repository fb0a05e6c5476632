import { healthController } from '@haven/shared/server/strapi';
import { config } from '../get-service';

/** GET /api/chat/health: which video and realtime adapters the plugin runs. */
export default healthController('chat', () => ({ video: config().video, realtime: config().realtime }));
