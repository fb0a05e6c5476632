import type { Core } from '@strapi/strapi';
import { sendMail } from '@haven/shared/server/strapi';
import { config, getService } from '../get-service';
import { quietUntil } from '../lib/quiet-hours';

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
