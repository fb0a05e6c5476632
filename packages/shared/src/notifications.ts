/**
 * The kinds of mail Haven sends, as a person chooses them on their profile (notification settings).
 * Every sender names its kind when it asks `people.emails(ids, { purpose })` for addresses; a person
 * who turned a kind off is left out. Two kinds cannot be turned off: `account` mail (password, email
 * change, security notices, staff decisions on an application, an expired licence) is how a person
 * learns that someone else acts on their account, and `safety` mail (a client who shares their
 * check-ins answered PHQ-9 question 9 above 0) tells a therapist that a client may be at risk.
 */
export const MAIL_PURPOSES = ['bookings', 'reminders', 'payments', 'wellness', 'account', 'safety'] as const;
export type MailPurpose = (typeof MAIL_PURPOSES)[number];

/** The kinds that are always sent, whatever the settings say. */
export const ALWAYS_SENT_MAIL_PURPOSES = ['account', 'safety'] as const satisfies readonly MailPurpose[];
export type AlwaysSentMailPurpose = (typeof ALWAYS_SENT_MAIL_PURPOSES)[number];
export type OptionalMailPurpose = Exclude<MailPurpose, AlwaysSentMailPurpose>;

/** The purposes a person may turn off, with the words the settings page shows. */
export const OPTIONAL_MAIL_PURPOSES: { purpose: OptionalMailPurpose; label: string; hint: string }[] = [
  { purpose: 'bookings', label: 'Session bookings', hint: 'Booked, moved, cancelled or declined sessions, with the calendar invitation.' },
  { purpose: 'reminders', label: 'Session reminders', hint: 'A reminder before each session.' },
  { purpose: 'payments', label: 'Payments', hint: 'Receipts, refunds and how to pay a therapist directly.' },
  { purpose: 'wellness', label: 'Wellness', hint: 'Your daily check-in reminder (its time is set in your wellness settings).' },
];

/** Whether a person may turn this kind of mail off. */
export const isOptionalMailPurpose = (value: unknown): value is OptionalMailPurpose => OPTIONAL_MAIL_PURPOSES.some((o) => o.purpose === value);

/** Which optional kinds a person receives: every kind is on unless they turned it off. */
export type MailSettings = Record<OptionalMailPurpose, boolean>;
