import { routerOf, staff } from '@haven/shared/server/strapi';
import type controllers from '../controllers';
import { MODERATION_ACT as act, MODERATION_READ as read } from '../permissions';

/** The admin API of the moderation page under /community (admin-panel sessions only). */
export default routerOf<typeof controllers>('admin', {
  'GET /queue': ['moderation.queue', staff(read)],
  'GET /aliases/:alias': ['moderation.alias', staff(read)],
  'GET /log': ['moderation.log', staff(read)],
  'POST /actions': ['moderation.act', staff(act)],
  'POST /queue/:target/:id/notice': ['moderation.notice', staff(act)],
  'GET /watched-words': ['moderation.watchedWords', staff(read)],
  'POST /watched-words': ['moderation.addWatchedWord', staff(act)],
  'DELETE /watched-words/:id': ['moderation.removeWatchedWord', staff(act)],
  // Reveal checks the super-admin role itself (403 for everyone else, moderators included).
  'POST /reveal': ['moderation.reveal', { policies: ['admin::isAuthenticatedAdmin'] }],
});
