import type { Core } from '@strapi/strapi';
import config, { type LibraryConfig } from './config';
import contentTypes from './content-types';
import health from './controllers/health';
import search from './controllers/search';
import services from './services';
import { RESOURCE_UID } from './services/documents';

const SYNCED_ACTIONS = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // Every write of a resource leaves an outbox task after the write has finished; the task, not
    // the write, carries the search sync, so a search failure can never fail an editor's save.
    strapi.documents.use(async (context: any, next: () => Promise<any>) => {
      const result = await next();
      // A plain create or update writes the draft only: what is published (and so searchable) is
      // unchanged unless the call itself publishes.
      const touchesPublished = !['create', 'update'].includes(context.action) || context.params?.status === 'published';
      if (context.uid === RESOURCE_UID && SYNCED_ACTIONS.has(context.action) && touchesPublished) {
        const documentId = context.params?.documentId ?? result?.documentId;
        if (documentId) await strapi.plugin('library').service('sync').enqueue(documentId);
      }
      return result;
    });
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    const engine = await strapi.plugin('library').service('search').init();
    strapi.plugin('library').service('sync').start(engine, (strapi.config.get('plugin::library') as LibraryConfig).sync);
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await strapi.plugin('library').service('sync').stop();
  },

  config,
  contentTypes,
  controllers: { health, search },
  routes: {
    'content-api': {
      type: 'content-api',
      routes: [
        { method: 'GET', path: '/health', handler: 'health.index', config: { policies: [] } },
        { method: 'GET', path: '/search', handler: 'search.search', config: { policies: [] } },
        { method: 'GET', path: '/search/config', handler: 'search.config', config: { policies: [] } },
      ],
    },
  },
  services,
  policies: {},
  middlewares: {},
};
