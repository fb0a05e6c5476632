/** Configuration of the booking plugin, read from the environment at start (README "Booking" lists every variable). */
export interface BookingConfig {
  /** Default free-cancellation window (hours before a session) for therapists who did not set their own. */
  cancellationWindowHours: number;
  /** Lead times of the reminder emails, in minutes before a session (default 24 h and 1 h). */
  reminderLeadsMinutes: number[];
  /** How often the reminder worker looks for due reminders (ms). */
  reminderPollMs: number;
  /** How long a claimed reminder stays with the process that claimed it before another may take it over (ms). */
  reminderLeaseMs: number;
  /** Minutes a `pending_payment` booking holds its slot. */
  paymentHoldMinutes: number;
  /** Every booking needs payment, whatever the payment gate says (tests, staging). */
  requirePayment: boolean;
  /** How often expired holds are released (ms). */
  holdSweepMs: number;
  /** What one client may hold and how fast they may book (README "Security": booking limits). */
  limits: {
    /** Upcoming sessions not (yet) paid that one client may hold with one therapist. */
    maxUnpaidPerTherapist: number;
    /** …and with all therapists together. */
    maxUnpaidTotal: number;
    /** Booking requests (a weekly series is one) one client may make per window… */
    createPerWindow: number;
    /** …of this many minutes. */
    createWindowMinutes: number;
  };
  calendars: {
    /** Minutes between background refreshes of each external calendar. */
    refreshMinutes: number;
    /** How often the refresher looks for due calendars (ms). */
    pollMs: number;
    /** Largest ICS body read, in bytes. */
    maxBytes: number;
    /** Time limit of one fetch, connection to last byte (ms). */
    timeoutMs: number;
    /** Fetch loopback and private-range hosts too (tests, local use). Off in production. */
    allowPrivateHosts: boolean;
    /** Calendars one therapist may add. */
    maxPerTherapist: number;
    /** Wall-clock limit of reading one feed's text into busy times, in a worker that is then terminated (ms, at most 5000). */
    parseTimeoutMs: number;
    /** Feeds read at the same time (worker threads). */
    parseWorkers: number;
    /** A calendar may be refreshed by hand once per this many seconds. */
    refreshCooldownSeconds: number;
    /** Calendar reads one therapist may ask for by hand (adds and refreshes) per hour. */
    readsPerHour: number;
  };
  /** Public URL of the CMS: calendar-feed addresses point here. */
  publicCmsUrl: string;
  /** Public URL of the site: links in emails point here. */
  publicSiteUrl: string;
  /** Key (base64, 32 bytes) that encrypts external calendar addresses at rest; the CMS's ENCRYPTION_KEY. */
  encryptionKey: string;
  /** Start the background workers (holds, reminders, calendars). Off only in tools that load Strapi for one job. */
  workers: boolean;
}

type Env = (key: string, fallback?: string) => string;

const int = (value: string) => (/^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN);

export default {
  default: ({ env }: { env: Env }): BookingConfig => ({
    cancellationWindowHours: int(env('BOOKING_CANCELLATION_WINDOW_HOURS', '24')),
    reminderLeadsMinutes: env('BOOKING_REMINDER_LEADS_MINUTES', '1440,60')
      .split(',')
      .map((part) => int(part))
      .sort((a, b) => b - a),
    reminderPollMs: int(env('BOOKING_REMINDER_POLL_MS', '60000')),
    reminderLeaseMs: int(env('BOOKING_REMINDER_LEASE_MS', '300000')),
    paymentHoldMinutes: int(env('BOOKING_PAYMENT_HOLD_MINUTES', '15')),
    requirePayment: env('BOOKING_REQUIRE_PAYMENT', 'false') === 'true',
    holdSweepMs: int(env('BOOKING_HOLD_SWEEP_MS', '30000')),
    limits: {
      maxUnpaidPerTherapist: int(env('BOOKING_MAX_UNPAID_PER_THERAPIST', '12')),
      maxUnpaidTotal: int(env('BOOKING_MAX_UNPAID_TOTAL', '20')),
      createPerWindow: int(env('BOOKING_CREATE_LIMIT', '10')),
      createWindowMinutes: int(env('BOOKING_CREATE_WINDOW_MINUTES', '60')),
    },
    calendars: {
      refreshMinutes: int(env('BOOKING_CALENDAR_REFRESH_MINUTES', '15')),
      pollMs: int(env('BOOKING_CALENDAR_POLL_MS', '60000')),
      maxBytes: int(env('BOOKING_CALENDAR_MAX_BYTES', String(2 * 1024 * 1024))),
      timeoutMs: int(env('BOOKING_CALENDAR_TIMEOUT_MS', '10000')),
      allowPrivateHosts: env('BOOKING_CALENDAR_ALLOW_PRIVATE_HOSTS', 'false') === 'true',
      maxPerTherapist: int(env('BOOKING_CALENDAR_MAX_PER_THERAPIST', '5')),
      parseTimeoutMs: int(env('BOOKING_CALENDAR_PARSE_TIMEOUT_MS', '5000')),
      parseWorkers: int(env('BOOKING_CALENDAR_PARSE_WORKERS', '1')),
      refreshCooldownSeconds: int(env('BOOKING_CALENDAR_REFRESH_COOLDOWN_SECONDS', '60')),
      readsPerHour: int(env('BOOKING_CALENDAR_READS_PER_HOUR', '20')),
    },
    publicCmsUrl: env('PUBLIC_CMS_URL', 'http://localhost:1337').replace(/\/+$/, ''),
    publicSiteUrl: env('PUBLIC_SITE_URL', 'http://localhost:4321').replace(/\/+$/, ''),
    encryptionKey: env('ENCRYPTION_KEY', ''),
    workers: env('BOOKING_WORKERS', 'true') !== 'false',
  }),
  validator(config: BookingConfig) {
    const whole = (value: number, min: number, name: string, unit: string) => {
      if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of ${unit}, ${min} or more`);
    };
    whole(config.cancellationWindowHours, 0, 'BOOKING_CANCELLATION_WINDOW_HOURS', 'hours');
    if (!config.reminderLeadsMinutes.length || config.reminderLeadsMinutes.some((m) => !Number.isInteger(m) || m < 1)) {
      throw new Error('BOOKING_REMINDER_LEADS_MINUTES must list whole minutes ≥ 1, comma-separated (e.g. 1440,60)');
    }
    whole(config.reminderPollMs, 50, 'BOOKING_REMINDER_POLL_MS', 'milliseconds');
    whole(config.reminderLeaseMs, 1000, 'BOOKING_REMINDER_LEASE_MS', 'milliseconds');
    whole(config.paymentHoldMinutes, 1, 'BOOKING_PAYMENT_HOLD_MINUTES', 'minutes');
    whole(config.holdSweepMs, 50, 'BOOKING_HOLD_SWEEP_MS', 'milliseconds');
    whole(config.limits.maxUnpaidPerTherapist, 1, 'BOOKING_MAX_UNPAID_PER_THERAPIST', 'sessions');
    whole(config.limits.maxUnpaidTotal, 1, 'BOOKING_MAX_UNPAID_TOTAL', 'sessions');
    whole(config.limits.createPerWindow, 1, 'BOOKING_CREATE_LIMIT', 'bookings');
    whole(config.limits.createWindowMinutes, 1, 'BOOKING_CREATE_WINDOW_MINUTES', 'minutes');
    whole(config.calendars.refreshMinutes, 1, 'BOOKING_CALENDAR_REFRESH_MINUTES', 'minutes');
    whole(config.calendars.pollMs, 50, 'BOOKING_CALENDAR_POLL_MS', 'milliseconds');
    whole(config.calendars.maxBytes, 1024, 'BOOKING_CALENDAR_MAX_BYTES', 'bytes');
    whole(config.calendars.timeoutMs, 100, 'BOOKING_CALENDAR_TIMEOUT_MS', 'milliseconds');
    whole(config.calendars.maxPerTherapist, 1, 'BOOKING_CALENDAR_MAX_PER_THERAPIST', 'calendars');
    whole(config.calendars.parseTimeoutMs, 100, 'BOOKING_CALENDAR_PARSE_TIMEOUT_MS', 'milliseconds');
    // A feed must never hold anything up for longer than this, whatever the machine.
    if (config.calendars.parseTimeoutMs > 5000) throw new Error('BOOKING_CALENDAR_PARSE_TIMEOUT_MS must be 5000 or less');
    whole(config.calendars.parseWorkers, 1, 'BOOKING_CALENDAR_PARSE_WORKERS', 'workers');
    whole(config.calendars.refreshCooldownSeconds, 0, 'BOOKING_CALENDAR_REFRESH_COOLDOWN_SECONDS', 'seconds');
    whole(config.calendars.readsPerHour, 1, 'BOOKING_CALENDAR_READS_PER_HOUR', 'reads');
    if (config.calendars.allowPrivateHosts && process.env.NODE_ENV === 'production') {
      throw new Error('BOOKING_CALENDAR_ALLOW_PRIVATE_HOSTS must not be true in production: it lets therapists make the CMS call internal addresses');
    }
  },
};
