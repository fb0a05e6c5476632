import { open, type RouterInputFor } from '@haven/shared/strapi';
import type controllers from '../controllers';

/** Content API under /api/library. Role permissions are granted in cms/src/bootstrap/site-roles.ts. */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/health', handler: 'health.index', config: open() },
    { method: 'GET', path: '/search', handler: 'search.search', config: open() },
    { method: 'GET', path: '/search/config', handler: 'search.config', config: open() },
  ],
} satisfies RouterInputFor<typeof controllers, 'content-api'>;
