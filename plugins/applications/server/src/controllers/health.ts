import { healthController } from '@haven/shared/server/strapi';
import { getService } from '../get-service';

/** GET /api/applications/health: the plugin answers, and says whether licence documents can be sealed (never a key). */
export default healthController('applications', () => ({ documentsEncrypted: getService('documents').configured() }));
