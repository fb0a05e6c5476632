import { healthController } from '@haven/shared/server/strapi';
import { config } from '../get-service';

/** GET /api/privacy/health: the plugin answers and says its grace period (never a secret). */
export default healthController('privacy', () => ({ erasureGraceDays: config().erasureGraceDays, accountingRetentionYears: config().accountingRetentionYears }));
