import { open, type RouterInputFor } from '@haven/shared/strapi';
import type controllers from '../controllers';

/**
 * Content API under /api/booking. Who may call what is granted per role in
 * cms/src/bootstrap/site-roles.ts; who may see which booking is checked in the services (participants only).
 */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/health', handler: 'health.index', config: open() },
    { method: 'GET', path: '/therapists/:id/slots', handler: 'slots.find', config: open() },
    { method: 'GET', path: '/therapists/:id/series', handler: 'slots.series', config: open() },
    { method: 'POST', path: '/bookings', handler: 'bookings.create', config: open() },
    { method: 'GET', path: '/bookings', handler: 'bookings.find', config: open() },
    { method: 'GET', path: '/bookings/:id', handler: 'bookings.findOne', config: open() },
    { method: 'POST', path: '/bookings/:id/cancel', handler: 'bookings.cancel', config: open() },
    { method: 'POST', path: '/bookings/:id/decline', handler: 'bookings.decline', config: open() },
    { method: 'POST', path: '/bookings/:id/reschedule', handler: 'bookings.reschedule', config: open() },
    { method: 'POST', path: '/bookings/:id/outcome', handler: 'bookings.outcome', config: open() },
    { method: 'GET', path: '/availability', handler: 'availability.find', config: open() },
    { method: 'PUT', path: '/availability', handler: 'availability.update', config: open() },
    { method: 'GET', path: '/calendars', handler: 'calendars.find', config: open() },
    { method: 'POST', path: '/calendars', handler: 'calendars.create', config: open() },
    { method: 'POST', path: '/calendars/:id/refresh', handler: 'calendars.refresh', config: open() },
    { method: 'DELETE', path: '/calendars/:id', handler: 'calendars.delete', config: open() },
    { method: 'GET', path: '/feed', handler: 'feed.status', config: open() },
    { method: 'POST', path: '/feed', handler: 'feed.rotate', config: open() },
    { method: 'DELETE', path: '/feed', handler: 'feed.revoke', config: open() },
    { method: 'GET', path: '/calendar/:file', handler: 'feed.download', config: open() },
  ],
} satisfies RouterInputFor<typeof controllers, 'content-api'>;
