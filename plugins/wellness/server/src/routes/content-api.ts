import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/**
 * Content API under /api/wellness. Role permissions are granted in cms/src/bootstrap/site-roles.ts;
 * who may read which row (owner, consent) is checked in the services.
 */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  'GET /entries': 'entries.find',
  'POST /entries': 'entries.create',
  'GET /entries/:date': 'entries.findOne',
  'PUT /entries/:date': 'entries.put',
  'DELETE /entries/:date': 'entries.delete',
  'GET /assessments': 'assessments.find',
  'POST /assessments': 'assessments.create',
  'DELETE /assessments/:id': 'assessments.delete',
  'GET /stats': 'stats.find',
  'GET /settings': 'settings.find',
  'PUT /settings': 'settings.update',
  'GET /export': 'exports.download',
  'GET /shares': 'shares.find',
  'PUT /shares/:id': 'shares.grant',
  'DELETE /shares/:id': 'shares.revoke',
  'GET /clients': 'clients.find',
  'GET /clients/:id': 'clients.findOne',
  'GET /clients/:id/stats': 'clients.stats',
  'GET /clients/:id/entries': 'clients.entries',
  'GET /clients/:id/assessments': 'clients.assessments',
  'GET /flags': 'flags.find',
});
