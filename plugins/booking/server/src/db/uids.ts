/**
 * The booking plugin's content types, and the users-permissions account type, named here for its
 * ids and its row lock only (who a person is comes from the people plugin, never from its tables).
 */
export const UID = {
  availability: 'plugin::booking.availability',
  booking: 'plugin::booking.booking',
  claim: 'plugin::booking.slot-claim',
  reminder: 'plugin::booking.reminder',
  calendar: 'plugin::booking.external-calendar',
  busy: 'plugin::booking.external-busy',
  feedToken: 'plugin::booking.feed-token',
  /** Accounts: ids and the client row lock (db/booking-rows.ts) only. */
  user: 'plugin::users-permissions.user',
} as const;
export type BookingUid = (typeof UID)[keyof typeof UID];
