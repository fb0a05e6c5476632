import type { Core } from '@strapi/strapi';
import config from './config';
import health from './controllers/health';
import { moderationActions } from './permissions';

export default {
  register(_: { strapi: Core.Strapi }) {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // Admin-panel permissions of the moderation queue: the Moderator admin role holds these and nothing else.
    await (strapi.service('admin::permission') as any).actionProvider.registerMany(moderationActions);
  },
  destroy(_: { strapi: Core.Strapi }) {},
  config,
  contentTypes: {},
  controllers: { health },
  routes: {
    'content-api': {
      type: 'content-api',
      routes: [{ method: 'GET', path: '/health', handler: 'health.index', config: { policies: [] } }],
    },
  },
  services: {},
  policies: {},
  middlewares: {},
};
