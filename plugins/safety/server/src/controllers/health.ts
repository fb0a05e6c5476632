import { healthController } from '@haven/shared/server/strapi';
import { config, getService } from '../get-service';

/** GET /api/safety/health: the plugin answers and says how it escalates (never a secret). */
export default healthController('safety', () => ({
  phraseLocales: getService('screening').locales(),
  lineLocales: getService('lines').locales(),
  mailTherapists: config().mailTherapists,
  quietHours: config().quietHours,
}));
