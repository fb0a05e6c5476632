import type { Step } from '@haven/shared/server/strapi';
import { ensureIndexes } from './db/indexes';
import { askBooking, type BookingSnapshot } from './sessions';
import { config, getService } from './get-service';

let unsubscribers: (() => void)[] = [];

/** Conversations open when a booking is made (and lazily when either person asks). */
function followBookings() {
  // First, so that a new booking's pair may write by the time its conversation is announced.
  getService('lifetime').follow();
  const open = async ({ booking }: { booking: BookingSnapshot }) => {
    await getService('conversations').openForBooking(booking);
  };
  unsubscribers = askBooking((contract) => [contract.on('booking.created', open), contract.on('booking.confirmed', open)]);
}

/** The socket.io server on Strapi's HTTP server (off in maintenance commands such as chat:rotate-key). */
async function startRealtime() {
  if (config().realtimeEnabled) await getService('realtime').start();
}

/** Checks the master keys now rather than at the first message. */
function checkKeys() {
  getService('keys').currentVersion();
}

/** Named steps run in bootstrap(), in order: indexes, keys, booking events, the socket server. */
export default [ensureIndexes, checkKeys, followBookings, startRealtime] satisfies Step[];

export function stopFollowingBookings() {
  getService('lifetime').stop();
  for (const off of unsubscribers.splice(0)) off();
}
