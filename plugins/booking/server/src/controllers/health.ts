import type { Core } from '@strapi/strapi';
import { withErrors, type HavenContext } from '@haven/shared/strapi';
import type { BookingConfig } from '../config';
import { getService } from '../get-service';

/** GET /api/booking/health: tells that the plugin is loaded and how it runs, never a secret. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  withErrors({
    async index(ctx: HavenContext) {
      const config = strapi.config.get('plugin::booking') as BookingConfig;
      ctx.body = {
        plugin: 'booking',
        status: 'ok',
        paymentGate: getService('payment-hook').gateName(),
        paymentHoldMinutes: config.paymentHoldMinutes,
        cancellationWindowHours: config.cancellationWindowHours,
        reminderLeadsMinutes: config.reminderLeadsMinutes,
      };
    },
  });
