import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/** Content API under /api/community. Role permissions are granted in cms/src/bootstrap/site-roles.ts. */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  'GET /categories': 'categories.find',
  'GET /crisis-resources': 'crisis.find',
  'GET /me': 'members.me',
  'POST /me/alias': 'members.changeAlias',
  'GET /posts': 'posts.find',
  'POST /posts': 'posts.create',
  'GET /posts/:id': 'posts.findOne',
  'PUT /posts/:id': 'posts.update',
  'DELETE /posts/:id': 'posts.delete',
  'POST /posts/:id/replies': 'replies.create',
  'PUT /replies/:id': 'replies.update',
  'DELETE /replies/:id': 'replies.delete',
  'POST /reactions': 'reactions.toggle',
  'POST /flags': 'flags.create',
  'GET /my/posts': 'posts.mine',
  'GET /notices': 'notices.find',
  'POST /notices/:id/read': 'notices.read',
});
