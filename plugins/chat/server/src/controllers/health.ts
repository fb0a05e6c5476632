import type { Core } from '@strapi/strapi';
import type { ChatConfig } from '../config';

/** GET /api/chat/health: tells that the plugin is loaded and which adapters it runs, never a secret. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async index(ctx: { body: unknown }) {
    const config = strapi.config.get('plugin::chat') as ChatConfig;
    ctx.body = { plugin: 'chat', status: 'ok', video: config.video, realtime: config.realtime };
  },
});
