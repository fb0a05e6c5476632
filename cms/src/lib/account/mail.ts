/**
 * The `account` mails of password and email changes. They go to an address directly (not through
 * people.emails and its notification settings): account mail cannot be turned off, because it is how
 * a person learns that someone else acts on their account. Each one says what to do if it was not them.
 */
import type { MailMessage } from '@haven/shared/server/strapi';
import { trimTrailingSlashes } from '@haven/shared/text';

export const siteUrl = () => trimTrailingSlashes(process.env.PUBLIC_SITE_URL || 'http://localhost:4321');

/** "n***@example.com": enough for the owner to recognise, not the whole address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${[...email.slice(0, at)][0]}***${email.slice(at)}`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text and the same paragraphs as HTML; URLs become links. */
function mail(to: string, subject: string, paragraphs: string[]): MailMessage {
  const html = paragraphs.map((p) => `<p>${escapeHtml(p).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)}</p>`).join('');
  return { to, subject, text: paragraphs.join('\n\n'), html, headers: { 'X-Haven-Mail': 'account' } };
}

const resetLink = () => `${siteUrl()}/forgot-password`;

export const accountMail = {
  passwordChanged: (to: string) =>
    mail(to, 'Your Haven password was changed', [
      'The password of your Haven account was just changed. Every other device where you were logged in is logged out within a few minutes.',
      `If this was not you, reset your password now: ${resetLink()}`,
      'Haven will never ask you for your password by mail.',
    ]),

  confirmNewAddress: (to: string, link: string, hours: number) =>
    mail(to, 'Confirm your new Haven email address', [
      'Someone asked to use this address for their Haven account. If it was you, open this link and confirm (you will be asked to log in):',
      link,
      `The link works once, for ${hours} hours. Until then your account keeps its current address.`,
      'If it was not you, ignore this mail: nothing changes.',
    ]),

  /** To the owner of an address someone else asked for: the requester hears the same as for a free address. */
  addressTaken: (to: string) =>
    mail(to, 'Someone tried to use your address on Haven', [
      'Someone asked to move another Haven account to this email address. This address already belongs to your Haven account, so nothing was changed.',
      `If it was you and you have forgotten which account this is, you can reset its password: ${resetLink()}`,
      'Otherwise you do not need to do anything.',
    ]),

  changeRequested: (to: string, newEmail: string, hours: number) =>
    mail(to, 'Someone asked to change your Haven email address', [
      `Someone asked to change the email address of your Haven account to ${maskEmail(newEmail)}. We sent a link to that address; the change happens only if the link is opened within ${hours} hours.`,
      `If this was not you, someone knows your password: change it now on your profile (${siteUrl()}/profile) or reset it (${resetLink()}). The change cannot happen without the link.`,
    ]),

  changed: (to: string, newEmail: string) =>
    mail(to, 'Your Haven email address was changed', [
      `The email address of your Haven account was changed to ${maskEmail(newEmail)}. From now on you log in with the new address (or your username), and Haven's mail goes there.`,
      `If this was not you, contact us by replying to this mail at once, and reset your password: ${resetLink()}`,
    ]),
};
