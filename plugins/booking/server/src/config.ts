/** Configuration of the booking plugin, read from the environment at start. */
export interface BookingConfig {
  /** Hours before a session when a client may still cancel for a full refund. */
  cancellationWindowHours: number;
  /** Minutes before a session when its reminder is sent. */
  reminderLeadMinutes: number;
}

export default {
  default: ({ env }: { env: (key: string, fallback?: string) => string }): BookingConfig => ({
    cancellationWindowHours: Number(env('BOOKING_CANCELLATION_WINDOW_HOURS', '24')),
    reminderLeadMinutes: Number(env('BOOKING_REMINDER_LEAD_MINUTES', '60')),
  }),
  validator(config: BookingConfig) {
    if (!Number.isInteger(config.cancellationWindowHours) || config.cancellationWindowHours < 0) {
      throw new Error('BOOKING_CANCELLATION_WINDOW_HOURS must be a whole number of hours, 0 or more');
    }
    if (!Number.isInteger(config.reminderLeadMinutes) || config.reminderLeadMinutes < 1) {
      throw new Error('BOOKING_REMINDER_LEAD_MINUTES must be a whole number of minutes, 1 or more');
    }
  },
};
