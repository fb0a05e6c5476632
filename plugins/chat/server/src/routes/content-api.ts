import { open, type RouterInputFor } from '@haven/shared/strapi';
import type controllers from '../controllers';

/**
 * Content API under /api/chat. Role permissions are granted in cms/src/bootstrap/site-roles.ts; who
 * may see which conversation or session is checked in the services (participants only, others 404).
 */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/health', handler: 'health.index', config: open() },
    { method: 'GET', path: '/conversations', handler: 'conversations.find', config: open() },
    { method: 'POST', path: '/conversations', handler: 'conversations.open', config: open() },
    { method: 'GET', path: '/conversations/:id', handler: 'conversations.findOne', config: open() },
    { method: 'GET', path: '/conversations/:id/messages', handler: 'conversations.messages', config: open() },
    { method: 'POST', path: '/conversations/:id/messages', handler: 'conversations.send', config: open() },
    { method: 'POST', path: '/conversations/:id/read', handler: 'conversations.read', config: open() },
    { method: 'GET', path: '/bookings/:id/video', handler: 'video.access', config: open() },
  ],
} satisfies RouterInputFor<typeof controllers, 'content-api'>;
