import { healthController } from '@haven/shared/server/strapi';

/** GET /api/people/health: the plugin answers (it has no settings to report). */
export default healthController('people', () => ({ readsFrom: ['profiles', 'therapist profiles', 'accounts'] }));
