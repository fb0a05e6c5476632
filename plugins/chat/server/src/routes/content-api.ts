import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/**
 * Content API under /api/chat. Role permissions are granted in cms/src/bootstrap/site-roles.ts; who
 * may see which conversation or session is checked in the services (participants only, others 404).
 */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  'GET /conversations': 'conversations.find',
  'POST /conversations': 'conversations.open',
  'GET /conversations/:id': 'conversations.findOne',
  'GET /conversations/:id/messages': 'conversations.messages',
  'POST /conversations/:id/messages': 'conversations.send',
  'POST /conversations/:id/read': 'conversations.read',
  'GET /bookings/:id/video': 'video.access',
});
