/**
 * The profile's account forms, handled on the site's server (plain HTML forms, no JavaScript
 * needed): password change, email change and notification settings. Each checks what it can
 * before calling the CMS, and turns the CMS's answer into words next to the right field.
 */
import type { AstroCookies } from 'astro';
import { codePointLength } from '@haven/shared/text';
import { OPTIONAL_MAIL_PURPOSES, type MailSettings } from '@haven/shared/notifications';
import { cms, type AuthTokens, type CmsFail } from '../../lib/cms';
import { isEmailAddress, raw, text, type FieldErrors } from '../../lib/forms';
import { saveSession } from '../../lib/session';
import { DEFAULT_PASSWORD_MIN_LENGTH, passwordTooShort } from '@haven/shared/passwords';
import { identitySettings } from '../../lib/identity';

export type Outcome = { ok: true; saved: string } | { ok: false; errors: FieldErrors; message: string | null; status: number; values?: Record<string, string> };

/** The status of a failed form: the CMS's own 429 or 5xx, else 400. */
const statusOf = (result: CmsFail) => (result.status === 429 || result.status >= 500 ? result.status : 400);
/** A 429's or 503's own words (how long to wait, what happened) rather than the generic ones. */
const messageOf = (result: CmsFail) => ((result.status === 429 || result.status === 503) && result.error?.message ? result.error.message : result.message);

/** Sign-up's rules: the CMS's minimum (PASSWORD_MIN_LENGTH) at least, 72 bytes at most (bcrypt's limit, which users-permissions enforces); the CMS checks the rest (common passwords, one's own name). */
export function newPasswordProblem(password: string, minLength = DEFAULT_PASSWORD_MIN_LENGTH): string | null {
  if (!password) return 'Choose a new password.';
  if (codePointLength(password) < minLength) return passwordTooShort(minLength);
  if (new TextEncoder().encode(password).length > 72) return 'Password must be at most 72 bytes (about 72 letters, fewer with accents or emoji).';
  return null;
}

interface Context {
  form: FormData;
  token: string;
  cookies: AstroCookies;
  clientIp: string;
}

export async function changePassword({ form, token, cookies, clientIp }: Context): Promise<Outcome> {
  const currentPassword = raw(form, 'currentPassword');
  const password = raw(form, 'newPassword');
  const again = raw(form, 'newPasswordAgain');
  const errors: FieldErrors = {};
  if (!currentPassword) errors.currentPassword = 'Enter your current password.';
  const problem = newPasswordProblem(password, (await identitySettings()).passwordMinLength);
  if (problem) errors.newPassword = problem;
  else if (password === currentPassword) errors.newPassword = 'Choose a password different from your current one.';
  if (!again) errors.newPasswordAgain = 'Type the new password again.';
  else if (password && again !== password) errors.newPasswordAgain = 'The two new passwords do not match.';
  if (Object.keys(errors).length) return { ok: false, errors, message: null, status: 400 };

  const result = await cms<AuthTokens>('/api/auth/change-password', { token, clientIp, body: { currentPassword, password, passwordConfirmation: again } });
  if (result.ok) {
    // Every session of the account ended (users-permissions); this browser keeps going with the new one.
    if (result.data?.jwt && result.data?.refreshToken) saveSession(cookies, result.data);
    return { ok: true, saved: 'password-changed' };
  }
  if (/current password is invalid/i.test(result.message)) return { ok: false, errors: { currentPassword: 'Your current password is not right.' }, message: null, status: 400 };
  if (/must be different/i.test(result.message)) return { ok: false, errors: { newPassword: 'Choose a password different from your current one.' }, message: null, status: 400 };
  const fieldErrors: FieldErrors = {};
  if (result.fieldErrors.password) fieldErrors.newPassword = `Password ${result.fieldErrors.password}`;
  // The password rule's one sentence ("This password is on a list of common passwords…") goes with the new password.
  else if (result.status === 400 && /password/i.test(result.message)) return { ok: false, errors: { newPassword: result.message }, message: null, status: 400 };
  return { ok: false, errors: fieldErrors, message: messageOf(result), status: statusOf(result) };
}

export async function requestEmailChange({ form, token, clientIp }: Context): Promise<Outcome> {
  const email = text(form, 'newEmail');
  const currentPassword = raw(form, 'emailCurrentPassword');
  const errors: FieldErrors = {};
  if (!email) errors.newEmail = 'Enter your new email address.';
  else if (!isEmailAddress(email)) errors.newEmail = 'Enter an email address like name@example.com.';
  if (!currentPassword) errors.emailCurrentPassword = 'Enter your current password.';
  const values = { newEmail: email };
  if (Object.keys(errors).length) return { ok: false, errors, message: null, status: 400, values };

  const result = await cms('/api/account/email', { token, clientIp, body: { email, currentPassword } });
  if (result.ok) return { ok: true, saved: 'email-sent' };
  const fieldErrors: FieldErrors = {};
  if (result.fieldErrors.currentPassword) fieldErrors.emailCurrentPassword = 'Your current password is not right.';
  if (result.fieldErrors.email) fieldErrors.newEmail = /already your/.test(result.fieldErrors.email) ? 'That is already your email address.' : 'Enter an email address like name@example.com.';
  return { ok: false, errors: fieldErrors, message: Object.keys(fieldErrors).length ? null : messageOf(result), status: statusOf(result), values };
}

export async function saveNotifications({ form, token }: Context): Promise<Outcome> {
  const settings = Object.fromEntries(OPTIONAL_MAIL_PURPOSES.map(({ purpose }) => [purpose, form.get(`mail-${purpose}`) === 'on'])) as MailSettings;
  const result = await cms<{ data: MailSettings }>('/api/profiles/me/notifications', { method: 'PUT', token, body: settings });
  if (result.ok) return { ok: true, saved: 'notifications' };
  return { ok: false, errors: {}, message: messageOf(result), status: statusOf(result) };
}

/** The person's notification settings, or null when the CMS could not say. */
export async function loadNotifications(token: string): Promise<MailSettings | null> {
  const result = await cms<{ data: MailSettings }>('/api/profiles/me/notifications', { token });
  return result.ok ? result.data.data : null;
}
