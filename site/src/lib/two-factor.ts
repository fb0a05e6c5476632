/**
 * Two-step sign-in on the site (issue 20): the calls to the identity plugin, and where the log-in's
 * pending challenge waits between the password and the code (an httpOnly cookie scoped to /login,
 * never a URL or the page).
 */
import type { AstroCookies } from 'astro';
import { browserHeaders, cms, type AuthTokens } from './cms';
import { cookieOptions } from './session';

export interface TwoStepStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}

export interface TwoStepSetup {
  otpauthUri: string;
  /** An SVG data URL. */
  qrCode: string;
  /** The secret in groups of four. */
  manualKey: string;
  digits: number;
  period: number;
}

/** The log-in's answer when the password was right and a second step is needed. */
export interface SecondStepRequired {
  twoFactorRequired: true;
  challenge: string;
  expiresAt: string;
}

export const isSecondStepRequired = (data: unknown): data is SecondStepRequired =>
  typeof data === 'object' && data !== null && 'twoFactorRequired' in data && 'challenge' in data && typeof data.challenge === 'string';

/** The sentence wellness answers (403) to a therapist without two-step sign-in: its details name the reason. */
export const TWO_STEP_REASON = 'two-factor-required';
/** Where the profile's two-step section is (links from the therapist's pages). */
export const TWO_STEP_LINK = '/profile#two-step';

export const twoStepStatus = (token: string) => cms<{ data: TwoStepStatus }>('/api/identity/two-factor', { token });
export const startTwoStep = (token: string, keepPending: boolean) => cms<{ data: TwoStepSetup }>('/api/identity/two-factor/start', { token, body: { keepPending } });
export const confirmTwoStep = (token: string, code: string) => cms<{ data: { recoveryCodes: string[] } }>('/api/identity/two-factor/confirm', { token, body: { code } });
export const newRecoveryCodes = (token: string, code: string) => cms<{ data: { recoveryCodes: string[] } }>('/api/identity/two-factor/recovery-codes', { token, body: { code } });
export const turnOffTwoStep = (token: string, password: string, proof: { code: string } | { recoveryCode: string }) =>
  cms<{ data: TwoStepStatus }>('/api/identity/two-factor/disable', { token, body: { password, ...proof } });

export const completeSignIn = (challenge: string, proof: { code: string } | { recoveryCode: string }, clientIp?: string, userAgent?: string | null) =>
  cms<AuthTokens & { user: unknown }>('/api/identity/sign-in/second-factor', { body: { challenge, ...proof }, clientIp, headers: browserHeaders(userAgent) });

/** The pending challenge's cookie: httpOnly, only sent to /login, gone when the challenge is (5 minutes). */
const CHALLENGE_COOKIE = 'haven_sign_in_step';
const challengeCookie = (maxAge?: number) => ({ ...cookieOptions(maxAge), path: '/login' });

export function keepChallenge(cookies: AstroCookies, answer: SecondStepRequired) {
  const seconds = Math.max(30, Math.min(600, Math.floor((new Date(answer.expiresAt).getTime() - Date.now()) / 1000)));
  cookies.set(CHALLENGE_COOKIE, answer.challenge, challengeCookie(seconds));
}

export const pendingChallenge = (cookies: AstroCookies): string | null => cookies.get(CHALLENGE_COOKIE)?.value || null;

export function dropChallenge(cookies: AstroCookies) {
  cookies.delete(CHALLENGE_COOKIE, challengeCookie());
}

/** The recovery codes as a text file, for a "download as text" link that needs no JavaScript. */
export function recoveryCodesFile(codes: string[], account: string): string {
  const lines = ['Haven recovery codes', `Account: ${account}`, 'Each code works once, when you cannot use your authenticator app.', '', ...codes, ''];
  return `data:text/plain;charset=utf-8,${encodeURIComponent(lines.join('\n'))}`;
}

/** Whether a CMS answer is wellness's 403 for a therapist without two-step sign-in. */
export function needsTwoStep(result: { ok: boolean; status: number; error?: { details?: unknown } | null }): boolean {
  const details = !result.ok ? result.error?.details : null;
  return result.status === 403 && typeof details === 'object' && details !== null && 'reason' in details && details.reason === TWO_STEP_REASON;
}
