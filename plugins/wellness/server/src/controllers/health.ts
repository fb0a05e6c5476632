import type { Core } from '@strapi/strapi';
import type { WellnessConfig } from '../config';
import { getService } from '../get-service';

/** GET /api/wellness/health: tells that the plugin is loaded and whether encryption is configured, never a key. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async index(ctx: { body: unknown }) {
    const config = strapi.config.get('plugin::wellness') as WellnessConfig;
    const vault = getService('vault');
    ctx.body = {
      plugin: 'wellness',
      status: 'ok',
      assessments: config.assessments,
      encryption: vault.configured() ? { configured: true, keyVersion: vault.currentVersion() } : { configured: false },
      reminders: config.reminders.enabled,
    };
  },
});
