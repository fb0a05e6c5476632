import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { AvailabilityRow, BookingRow, BusyRow, CalendarRow, ClaimRow, FeedTokenRow, ReminderRow } from './rows';
import { UID } from './uids';

/** The booking plugin's tables through the Query Engine, typed by their rows; each getter asks Strapi at the time of use. */
export function tables(strapi: Core.Strapi) {
  return {
    get bookings() {
      return tableOf<BookingRow>(strapi, UID.booking);
    },
    get availability() {
      return tableOf<AvailabilityRow>(strapi, UID.availability);
    },
    get claims() {
      return tableOf<ClaimRow>(strapi, UID.claim);
    },
    get reminders() {
      return tableOf<ReminderRow>(strapi, UID.reminder);
    },
    get calendars() {
      return tableOf<CalendarRow>(strapi, UID.calendar);
    },
    get busy() {
      return tableOf<BusyRow>(strapi, UID.busy);
    },
    get feedTokens() {
      return tableOf<FeedTokenRow>(strapi, UID.feedToken);
    },
  };
}
