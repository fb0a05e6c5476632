import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/**
 * Content API under /api/booking. Who may call what is granted per role in
 * cms/src/bootstrap/site-roles.ts; who may see which booking is checked in the services (participants only).
 */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  'GET /therapists/:id/slots': 'slots.find',
  'GET /therapists/:id/series': 'slots.series',
  'POST /bookings': 'bookings.create',
  'GET /bookings': 'bookings.find',
  'GET /bookings/:id': 'bookings.findOne',
  'POST /bookings/:id/cancel': 'bookings.cancel',
  'POST /bookings/:id/decline': 'bookings.decline',
  'POST /bookings/:id/reschedule': 'bookings.reschedule',
  'POST /bookings/:id/outcome': 'bookings.outcome',
  'GET /availability': 'availability.find',
  'PUT /availability': 'availability.update',
  'POST /availability/preview': 'availability.preview',
  'POST /availability/days-off': 'availability.addDayOff',
  'DELETE /availability/days-off/:id': 'availability.removeDayOff',
  'GET /schedule': 'schedule.find',
  'GET /calendars': 'calendars.find',
  'POST /calendars': 'calendars.create',
  'POST /calendars/:id/refresh': 'calendars.refresh',
  'DELETE /calendars/:id': 'calendars.delete',
  'GET /feed': 'feed.status',
  'POST /feed': 'feed.rotate',
  'DELETE /feed': 'feed.revoke',
  'GET /calendar/:file': 'feed.download',
});
