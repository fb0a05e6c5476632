/**
 * What the chat asks of the booking plugin (who shares a session, and its events), through booking's
 * public contract only. The chat needs booking enabled beside it: when it is not, the contract's
 * service lookup fails at once, and the person (or the start-up log) reads why instead of a TypeError.
 */
import { booking } from '@haven/plugin-booking/public';
import { unavailable } from '@haven/shared/errors';

export { BOOKING_CHANGES, type BookingSnapshot, type ParticipantBooking } from '@haven/plugin-booking/public';

export const SESSIONS_UNAVAILABLE = 'Sessions cannot be checked just now. Please try again in a moment.';

/**
 * Calls booking's contract. Its members find booking's services before they do anything, so a
 * synchronous TypeError means booking is not loaded (its own failures come back as rejections).
 */
export function askBooking<T>(ask: (contract: typeof booking) => T): T {
  try {
    return ask(booking);
  } catch (err) {
    if (err instanceof TypeError) throw unavailable(SESSIONS_UNAVAILABLE);
    throw err;
  }
}
