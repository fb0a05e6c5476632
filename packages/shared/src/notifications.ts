/**
 * The kinds of mail Haven sends, as a person chooses them on their profile (notification settings).
 * Every sender names its kind when it asks `people.emails(ids, { purpose })` for addresses; a person
 * who turned a kind off is left out. `account` mail (password, email change, security notices, staff
 * decisions on an application) cannot be turned off: it is how a person learns that someone else acts
 * on their account.
 */
export const MAIL_PURPOSES = ['bookings', 'reminders', 'payments', 'wellness', 'account'] as const;
export type MailPurpose = (typeof MAIL_PURPOSES)[number];

/** The purposes a person may turn off, with the words the settings page shows. */
export const OPTIONAL_MAIL_PURPOSES: { purpose: Exclude<MailPurpose, 'account'>; label: string; hint: string }[] = [
  { purpose: 'bookings', label: 'Session bookings', hint: 'Booked, moved, cancelled or declined sessions, with the calendar invitation.' },
  { purpose: 'reminders', label: 'Session reminders', hint: 'A reminder before each session.' },
  { purpose: 'payments', label: 'Payments', hint: 'Receipts, refunds and how to pay a therapist directly.' },
  { purpose: 'wellness', label: 'Wellness', hint: 'Check-in reminders and changes to what you share with a therapist.' },
];
