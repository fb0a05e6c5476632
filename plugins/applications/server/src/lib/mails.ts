/** The mails an applicant receives: staff's decisions (with their message) and the licence-expiry notice. Pure. */
import type { MailMessage } from '@haven/shared/server/strapi';
import type { Decision } from '../db/rows';

const SUBJECTS: Record<Decision, string> = {
  approve: 'Your Haven therapist application is approved',
  reject: 'Your Haven therapist application was not approved',
  'more-info': 'Your Haven therapist application: we need a little more',
};

const OPENINGS: Record<Decision, string> = {
  approve: 'Good news: our team has verified your licence. You are now listed in the Haven therapist directory and clients can book sessions with you.',
  reject: 'Our team has reviewed your application and could not verify your licence.',
  'more-info': 'Our team has started reviewing your application and needs a little more from you before deciding.',
};

export function decisionMail(to: string, decision: Decision, message: string, siteUrl: string): MailMessage {
  const page = `${siteUrl.replace(/\/+$/, '')}/practice/application`;
  const text = [OPENINGS[decision], '', 'Message from our team:', message, '', `Your application: ${page}`, '', 'Haven'].join('\n');
  return { to, subject: SUBJECTS[decision], text };
}

export function expiryMail(to: string, licenceExpiry: string, siteUrl: string): MailMessage {
  const page = `${siteUrl.replace(/\/+$/, '')}/practice/application`;
  const text = [
    `Your licence expired on ${licenceExpiry} (as recorded with Haven), so you are no longer listed in the therapist directory and clients cannot book new sessions with you.`,
    '',
    `Once your licence is renewed, enter the new expiry date on your application page and you will be listed again: ${page}`,
    '',
    'Haven',
  ].join('\n');
  return { to, subject: 'Your licence has expired: you are hidden from the Haven directory', text };
}
