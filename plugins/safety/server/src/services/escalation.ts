import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { sendMail } from '@haven/shared/server/strapi';
import { config, getService } from '../get-service';
import type { QuietHours } from '../config';

/** A therapist to tell: the address (people.emails with purpose 'safety') and their own time zone. */
export interface TherapistRecipient {
  email: string;
  timeZone: string;
}

/** A notice to a therapist: never the person's words, only that they may need a follow-up and where to look. */
export interface TherapistNotice {
  subject: string;
  text: string;
}

/** What happened to one notice: mailed now, waiting for the therapist's quiet hours to end, or not mailed (the clinic turned mails off). */
export type NoticeOutcome = 'sent' | 'deferred' | 'off';

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** When the quiet hours that hold `at` end, in the zone given; null when `at` is outside them. */
export function quietUntil(quiet: QuietHours | null, at: Date, timeZone: string): Date | null {
  if (!quiet) return null;
  const local = DateTime.fromJSDate(at, { zone: timeZone }).isValid ? DateTime.fromJSDate(at, { zone: timeZone }) : DateTime.fromJSDate(at, { zone: 'UTC' });
  const now = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  let until = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (until <= local) until = until.plus({ days: 1 });
  return until.toJSDate();
}

/**
 * Telling therapists that someone they work with may be at risk, as the clinic's escalation settings
 * say: mailed at once, after the therapist's quiet hours, or not at all (the in-app marks stay either way).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async notifyTherapists(recipients: TherapistRecipient[], notice: TherapistNotice): Promise<NoticeOutcome[]> {
    const settings = config();
    const outcomes: NoticeOutcome[] = [];
    for (const recipient of recipients) {
      if (!settings.mailTherapists) {
        outcomes.push('off');
        continue;
      }
      const until = quietUntil(settings.quietHours, new Date(), recipient.timeZone);
      if (until) {
        // Kept until the quiet hours end, then sent by the deferred-notice worker.
        await getService('deferred').hold(recipient.email, notice, until);
        outcomes.push('deferred');
        continue;
      }
      await sendMail(strapi, { to: recipient.email, subject: notice.subject, text: notice.text });
      outcomes.push('sent');
    }
    return outcomes;
  },
});
