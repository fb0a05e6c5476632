import type { Core } from '@strapi/strapi';
import type { HavenContext } from '@haven/shared/strapi';
import type { LibraryConfig } from '../config';

/** GET /api/library/health: tells that the plugin is loaded and which adapters it runs, never a secret. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async index(ctx: HavenContext) {
    const config = strapi.config.get('plugin::library') as LibraryConfig;
    ctx.body = { plugin: 'library', status: 'ok', engine: config.engine };
  },
});
