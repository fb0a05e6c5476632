import type { RouterInputFor } from '@haven/shared/strapi';
import type controllers from '../controllers';

/**
 * Content API under /api/wellness. Role permissions are granted in cms/src/bootstrap/site-roles.ts;
 * who may read which row (owner, consent) is checked in the services.
 */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/health', handler: 'health.index', config: { policies: [] } },
    { method: 'GET', path: '/entries', handler: 'entries.find', config: { policies: [] } },
    { method: 'POST', path: '/entries', handler: 'entries.create', config: { policies: [] } },
    { method: 'GET', path: '/entries/:date', handler: 'entries.findOne', config: { policies: [] } },
    { method: 'PUT', path: '/entries/:date', handler: 'entries.put', config: { policies: [] } },
    { method: 'DELETE', path: '/entries/:date', handler: 'entries.delete', config: { policies: [] } },
    { method: 'GET', path: '/assessments', handler: 'assessments.find', config: { policies: [] } },
    { method: 'POST', path: '/assessments', handler: 'assessments.create', config: { policies: [] } },
    { method: 'DELETE', path: '/assessments/:id', handler: 'assessments.delete', config: { policies: [] } },
    { method: 'GET', path: '/stats', handler: 'stats.find', config: { policies: [] } },
    { method: 'GET', path: '/settings', handler: 'settings.find', config: { policies: [] } },
    { method: 'PUT', path: '/settings', handler: 'settings.update', config: { policies: [] } },
    { method: 'GET', path: '/export', handler: 'exports.download', config: { policies: [] } },
    { method: 'GET', path: '/shares', handler: 'shares.find', config: { policies: [] } },
    { method: 'PUT', path: '/shares/:id', handler: 'shares.grant', config: { policies: [] } },
    { method: 'DELETE', path: '/shares/:id', handler: 'shares.revoke', config: { policies: [] } },
    { method: 'GET', path: '/clients', handler: 'clients.find', config: { policies: [] } },
    { method: 'GET', path: '/clients/:id', handler: 'clients.findOne', config: { policies: [] } },
    { method: 'GET', path: '/clients/:id/stats', handler: 'clients.stats', config: { policies: [] } },
    { method: 'GET', path: '/clients/:id/entries', handler: 'clients.entries', config: { policies: [] } },
    { method: 'GET', path: '/clients/:id/assessments', handler: 'clients.assessments', config: { policies: [] } },
  ],
} satisfies RouterInputFor<typeof controllers, 'content-api'>;
