/**
 * What the site asks the identity plugin (issue 20): the consent version in force and the person's
 * own consent (GET/POST /api/identity/consent), the password minimum its forms state, and the
 * person's sign-in sessions (users-permissions' /api/auth/sessions, used as Strapi documents it).
 */
import type { ConsentStatus } from '@haven/shared/consent';
import { DEFAULT_PASSWORD_MIN_LENGTH } from '@haven/shared/passwords';
import { cms } from './cms';

export interface IdentitySettings {
  /** The privacy notice and terms version in force, or null when the CMS could not say. */
  consentVersion: string | null;
  passwordMinLength: number;
}

/** Health answers change only with the CMS's configuration: kept a minute, so forms do not ask on every view. */
const SETTINGS_TTL_MS = 60_000;
let cached: { at: number; value: IdentitySettings } | null = null;

export async function identitySettings(): Promise<IdentitySettings> {
  if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.value;
  const result = await cms<{ consentVersion?: unknown; passwordMinLength?: unknown }>('/api/identity/health');
  if (!result.ok) return { consentVersion: null, passwordMinLength: DEFAULT_PASSWORD_MIN_LENGTH };
  const value: IdentitySettings = {
    consentVersion: typeof result.data?.consentVersion === 'string' ? result.data.consentVersion : null,
    passwordMinLength: typeof result.data?.passwordMinLength === 'number' ? result.data.passwordMinLength : DEFAULT_PASSWORD_MIN_LENGTH,
  };
  cached = { at: Date.now(), value };
  return value;
}

export const consentStatus = (token: string) => cms<{ data: ConsentStatus }>('/api/identity/consent', { token });

export const acceptConsent = (token: string, version: string, clientIp?: string) => cms<{ data: ConsentStatus }>('/api/identity/consent', { token, clientIp, body: { version } });

/** One sign-in as users-permissions lists it (sanitizeSessionEntry): no token, only what the person may see. */
export interface SignInSession {
  id: string;
  deviceId?: string;
  /** What Strapi read from the browser's User-Agent at log-in ("Chrome on macOS"), when it could. */
  deviceName?: string;
  current: boolean;
  loginAt?: string;
  /** The last refresh (Strapi re-creates the session record on each rotation). */
  lastActiveAt?: string;
}

export const listSessions = (token: string) => cms<{ data: SignInSession[] }>('/api/auth/sessions', { token });

export const revokeSession = (token: string, sessionId: string) => cms(`/api/auth/sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE', token });

/** Every session of the account, this one included (users-permissions' logout with scope "all"). */
export const signOutEverywhere = (token: string) => cms<{ ok: boolean }>('/api/auth/logout', { token, body: { scope: 'all' } });

/**
 * Pages a person who must agree again may still open: the texts themselves, the page that asks,
 * logging out, and what is not a page (API routes, assets). Prefix checks only: linear on any path.
 */
export function consentExempt(pathname: string): boolean {
  const exact = ['/privacy', '/terms', '/consent', '/logout', '/favicon.svg', '/robots.txt'];
  if (exact.includes(pathname) || exact.some((page) => pathname === `${page}/`)) return true;
  // A file (favicon, script, picture) rather than a page.
  if (pathname.slice(pathname.lastIndexOf('/') + 1).includes('.')) return true;
  return pathname.startsWith('/api/') || pathname.startsWith('/_astro/') || pathname.startsWith('/_image') || pathname.startsWith('/fonts/') || pathname.startsWith('/images/');
}

/**
 * Whether the signed-in person (by their access token) must agree to the notice in force. A "no"
 * is remembered for a minute per token, so a page view does not cost a CMS call each time; a new
 * version therefore reaches a person within a minute. A CMS that cannot answer never blocks a page.
 */
const agreed = new Map<string, number>();
const AGREED_TTL_MS = 60_000;
const AGREED_MAX = 10_000;

export async function mustAgree(token: string): Promise<boolean> {
  const now = Date.now();
  const until = agreed.get(token);
  if (until && until > now) return false;
  const result = await consentStatus(token);
  if (!result.ok) return false;
  if (result.data?.data?.mustAsk) return true;
  if (agreed.size >= AGREED_MAX) for (const [key, at] of agreed) if (at <= now || agreed.size >= AGREED_MAX) agreed.delete(key);
  agreed.set(token, now + AGREED_TTL_MS);
  return false;
}
