/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import availability from './availability';
import bookings from './bookings';
import calendars from './calendars';
import changes from './changes';
import directory from './directory';
import events from './events';
import feeds from './feeds';
import limits from './limits';
import notifications from './notifications';
import paymentHook from './payment-hook';
import pastSessions from './past-sessions';
import personalData from './personal-data';
import relationships from './relationships';
import reminders from './reminders';
import schedule from './schedule';
import slots from './slots';
import usage from './usage';

export default {
  events,
  availability,
  slots,
  bookings,
  changes,
  limits,
  'payment-hook': paymentHook,
  relationships,
  directory,
  notifications,
  reminders,
  calendars,
  feeds,
  'past-sessions': pastSessions,
  'personal-data': personalData,
  usage,
  schedule,
};

export type { BookingEvents, BookingEventName, BookingSnapshot, BookingStatus } from './events';
export type { PaymentGate, PaymentQuote, MarkPaidResult, BookingForPayment } from './payment-hook';
export type { Participant, ParticipantBooking } from './relationships';
export type { Refund, CancelledBy } from '../lib/policy';
