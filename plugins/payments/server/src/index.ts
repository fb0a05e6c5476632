import type { Core } from '@strapi/strapi';
import config from './config';
import health from './controllers/health';

export default {
  register(_: { strapi: Core.Strapi }) {},
  bootstrap(_: { strapi: Core.Strapi }) {},
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
