import { healthController } from '@haven/shared/server/strapi';
import { config, getService } from '../get-service';

/** GET /api/wellness/health: whether reflections can be encrypted (and with which key version, never a key). */
export default healthController('wellness', () => {
  const vault = getService('vault');
  return {
    assessments: config().assessments,
    encryption: vault.configured() ? { configured: true, keyVersion: vault.currentVersion() } : { configured: false },
    reminders: config().reminders.enabled,
  };
});
