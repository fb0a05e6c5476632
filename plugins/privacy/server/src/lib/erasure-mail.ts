/** The mails of an erasure: scheduled (the date, how to cancel) and cancelled by staff. Pure. */
import type { MailMessage } from '@haven/shared/server/strapi';

/** "Sunday 20 December 2026 at 22:06 UTC": a mail is read anywhere, so the zone is said. */
export function mailDate(at: Date): string {
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(at);
  return `${day} at ${time} UTC`;
}

export function scheduledMail(to: string, dueAt: Date, byStaff: boolean, siteUrl: string): MailMessage {
  const login = `${siteUrl.replace(/\/+$/, '')}/login`;
  const opening = byStaff ? 'Our team has scheduled your Haven account to be deleted.' : 'You asked us to delete your Haven account.';
  const text = [
    opening,
    '',
    `It will be deleted on ${mailDate(dueAt)}. Until then nothing is erased and you have been signed out everywhere.`,
    '',
    `Changed your mind? Log in before then and the deletion is cancelled: ${login}`,
    '',
    'What is erased: your profile, messages, journal, assessments, community posts (or their link to you), sessions and sign-in records.',
    'What is kept: payment records, as accounting law requires, without your name or email.',
    '',
    'Haven',
  ].join('\n');
  return { to, subject: 'Your Haven account will be deleted', text };
}

export function cancelledMail(to: string): MailMessage {
  const text = ['The deletion of your Haven account has been cancelled. Your account stays as it was.', '', 'Haven'].join('\n');
  return { to, subject: 'Your Haven account will not be deleted', text };
}
