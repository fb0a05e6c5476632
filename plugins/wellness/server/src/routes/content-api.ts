import { open, type RouterInputFor } from '@haven/shared/strapi';
import type controllers from '../controllers';

/**
 * Content API under /api/wellness. Role permissions are granted in cms/src/bootstrap/site-roles.ts;
 * who may read which row (owner, consent) is checked in the services.
 */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/health', handler: 'health.index', config: open() },
    { method: 'GET', path: '/entries', handler: 'entries.find', config: open() },
    { method: 'POST', path: '/entries', handler: 'entries.create', config: open() },
    { method: 'GET', path: '/entries/:date', handler: 'entries.findOne', config: open() },
    { method: 'PUT', path: '/entries/:date', handler: 'entries.put', config: open() },
    { method: 'DELETE', path: '/entries/:date', handler: 'entries.delete', config: open() },
    { method: 'GET', path: '/assessments', handler: 'assessments.find', config: open() },
    { method: 'POST', path: '/assessments', handler: 'assessments.create', config: open() },
    { method: 'DELETE', path: '/assessments/:id', handler: 'assessments.delete', config: open() },
    { method: 'GET', path: '/stats', handler: 'stats.find', config: open() },
    { method: 'GET', path: '/settings', handler: 'settings.find', config: open() },
    { method: 'PUT', path: '/settings', handler: 'settings.update', config: open() },
    { method: 'GET', path: '/export', handler: 'exports.download', config: open() },
    { method: 'GET', path: '/shares', handler: 'shares.find', config: open() },
    { method: 'PUT', path: '/shares/:id', handler: 'shares.grant', config: open() },
    { method: 'DELETE', path: '/shares/:id', handler: 'shares.revoke', config: open() },
    { method: 'GET', path: '/clients', handler: 'clients.find', config: open() },
    { method: 'GET', path: '/clients/:id', handler: 'clients.findOne', config: open() },
    { method: 'GET', path: '/clients/:id/stats', handler: 'clients.stats', config: open() },
    { method: 'GET', path: '/clients/:id/entries', handler: 'clients.entries', config: open() },
    { method: 'GET', path: '/clients/:id/assessments', handler: 'clients.assessments', config: open() },
  ],
} satisfies RouterInputFor<typeof controllers, 'content-api'>;
