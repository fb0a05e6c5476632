import type { Core } from '@strapi/strapi';
import type { WellnessConfig } from '../config';

/** GET /api/wellness/health: tells that the plugin is loaded and which adapters it runs, never a secret. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async index(ctx: { body: unknown }) {
    const config = strapi.config.get('plugin::wellness') as WellnessConfig;
    ctx.body = { plugin: 'wellness', status: 'ok', assessments: config.assessments };
  },
});
