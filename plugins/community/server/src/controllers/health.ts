import type { Core } from '@strapi/strapi';
import type { HavenContext } from '@haven/shared/strapi';
import type { CommunityConfig } from '../config';

/** GET /api/community/health: tells that the plugin is loaded and which adapters it runs, never a secret. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async index(ctx: HavenContext) {
    const config = strapi.config.get('plugin::community') as CommunityConfig;
    ctx.body = { plugin: 'community', status: 'ok', flagThreshold: config.flagThreshold };
  },
});
