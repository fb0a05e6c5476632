import type { Core } from '@strapi/strapi';
import type { BookingConfig } from '../config';

/** GET /api/booking/health: tells that the plugin is loaded and which adapters it runs, never a secret. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async index(ctx: { body: unknown }) {
    const config = strapi.config.get('plugin::booking') as BookingConfig;
    ctx.body = { plugin: 'booking', status: 'ok', cancellationWindowHours: config.cancellationWindowHours, reminderLeadMinutes: config.reminderLeadMinutes };
  },
});
