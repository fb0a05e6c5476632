import { staff, type RouterInputFor } from '@haven/shared/strapi';
import type controllers from '../controllers';
import { MODERATION_ACT as act, MODERATION_READ as read } from '../permissions';

/** The admin API of the moderation page under /community (admin-panel sessions only). */
export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/queue', handler: 'moderation.queue', config: staff(read) },
    { method: 'GET', path: '/aliases/:alias', handler: 'moderation.alias', config: staff(read) },
    { method: 'GET', path: '/log', handler: 'moderation.log', config: staff(read) },
    { method: 'POST', path: '/actions', handler: 'moderation.act', config: staff(act) },
    { method: 'GET', path: '/watched-words', handler: 'moderation.watchedWords', config: staff(read) },
    { method: 'POST', path: '/watched-words', handler: 'moderation.addWatchedWord', config: staff(act) },
    { method: 'DELETE', path: '/watched-words/:id', handler: 'moderation.removeWatchedWord', config: staff(act) },
    // Reveal checks the super-admin role itself (403 for everyone else, moderators included).
    { method: 'POST', path: '/reveal', handler: 'moderation.reveal', config: { policies: ['admin::isAuthenticatedAdmin'] } },
  ],
} satisfies RouterInputFor<typeof controllers, 'admin'>;
