import { open, type RouterInputFor } from '@haven/shared/strapi';
import type controllers from '../controllers';

/** Content API under /api/community. Role permissions are granted in cms/src/bootstrap/site-roles.ts. */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/health', handler: 'health.index', config: open() },
    { method: 'GET', path: '/categories', handler: 'categories.find', config: open() },
    { method: 'GET', path: '/crisis-resources', handler: 'crisis.find', config: open() },
    { method: 'GET', path: '/me', handler: 'members.me', config: open() },
    { method: 'POST', path: '/me/alias', handler: 'members.changeAlias', config: open() },
    { method: 'GET', path: '/posts', handler: 'posts.find', config: open() },
    { method: 'POST', path: '/posts', handler: 'posts.create', config: open() },
    { method: 'GET', path: '/posts/:id', handler: 'posts.findOne', config: open() },
    { method: 'PUT', path: '/posts/:id', handler: 'posts.update', config: open() },
    { method: 'DELETE', path: '/posts/:id', handler: 'posts.delete', config: open() },
    { method: 'POST', path: '/posts/:id/replies', handler: 'replies.create', config: open() },
    { method: 'PUT', path: '/replies/:id', handler: 'replies.update', config: open() },
    { method: 'DELETE', path: '/replies/:id', handler: 'replies.delete', config: open() },
    { method: 'POST', path: '/reactions', handler: 'reactions.toggle', config: open() },
    { method: 'POST', path: '/flags', handler: 'flags.create', config: open() },
    { method: 'GET', path: '/my/posts', handler: 'posts.mine', config: open() },
  ],
} satisfies RouterInputFor<typeof controllers, 'content-api'>;
