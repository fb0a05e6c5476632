import type { Core } from '@strapi/strapi';
import { sendMail } from '@haven/shared/server/strapi';
import type { TherapistNotice } from './escalation';

/**
 * Notices held through a therapist's quiet hours.
 * PLACEHOLDER (safety-plugin helper replaces it): sends at once; must keep the notice until `until`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async hold(email: string, notice: TherapistNotice, until: Date): Promise<void> {
    void until;
    await sendMail(strapi, { to: email, subject: notice.subject, text: notice.text });
  },
});
