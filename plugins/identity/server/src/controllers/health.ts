import { healthController } from '@haven/shared/server/strapi';
import { config } from '../get-service';

/** GET /api/identity/health: the plugin answers and names the consent version in force and the password minimum the site's forms state (never a secret). */
export default healthController('identity', () => ({ consentVersion: config().consentVersion, passwordMinLength: config().passwordMinLength }));
