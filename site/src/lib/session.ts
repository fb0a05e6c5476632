/**
 * The session lives in two cookies that only the site's server reads: the CMS access token (JWT,
 * about 10 minutes) and the CMS refresh token (rotated on every refresh). Both are httpOnly,
 * SameSite=Lax and, in production, Secure; browser JavaScript never sees either.
 */
import type { AstroCookies, AstroCookieSetOptions } from 'astro';
import { refreshTokens, type AuthTokens } from './cms';

export const ACCESS_COOKIE = 'haven_session';
export const REFRESH_COOKIE = 'haven_refresh';

/** Refresh the access token when it has less than this left. */
const REFRESH_MARGIN_SECONDS = 60;
/** How long the refresh cookie is kept: the CMS's idle refresh-token lifespan (14 days). */
const REFRESH_COOKIE_SECONDS = Number(process.env.SESSION_MAX_AGE_SECONDS || 14 * 24 * 60 * 60);

/** Secure cookies in production unless COOKIE_SECURE says otherwise (e.g. a plain-HTTP staging box). */
function secureCookies(): boolean {
  const forced = process.env.COOKIE_SECURE;
  if (forced === 'true' || forced === '1') return true;
  if (forced === 'false' || forced === '0') return false;
  return process.env.NODE_ENV === 'production';
}

export function cookieOptions(maxAge?: number): AstroCookieSetOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(), ...(maxAge !== undefined ? { maxAge } : {}) };
}

/** Seconds since the epoch at which a JWT expires, read without verifying it (the CMS verifies). */
export function jwtExpiry(token: string): number | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof payload.exp === 'number' ? payload.exp : null;
  } catch {
    return null;
  }
}

export function isFresh(token: string, marginSeconds = REFRESH_MARGIN_SECONDS): boolean {
  const exp = jwtExpiry(token);
  return exp !== null && exp - Date.now() / 1000 > marginSeconds;
}

export function saveSession(cookies: AstroCookies, tokens: AuthTokens) {
  const exp = jwtExpiry(tokens.jwt);
  // The access cookie goes when the token does; the refresh cookie keeps the session going.
  const accessAge = exp ? Math.max(60, Math.floor(exp - Date.now() / 1000)) : 600;
  cookies.set(ACCESS_COOKIE, tokens.jwt, cookieOptions(accessAge));
  cookies.set(REFRESH_COOKIE, tokens.refreshToken, cookieOptions(REFRESH_COOKIE_SECONDS));
}

export function clearSession(cookies: AstroCookies) {
  cookies.delete(ACCESS_COOKIE, cookieOptions());
  cookies.delete(REFRESH_COOKIE, cookieOptions());
}

/**
 * Rotates a refresh token. The CMS accepts each refresh token once, so two requests from the same
 * browser that both find an old access token (a page and a form post, say) must share one rotation:
 * the result is kept for a short while, keyed by the old refresh token.
 */
type Rotation = Promise<AuthTokens | 'invalid' | 'unavailable'>;
const rotations = new Map<string, { result: Rotation; at: number }>();
const ROTATION_REUSE_MS = 10_000;

export function rotate(refreshToken: string): Rotation {
  const now = Date.now();
  for (const [key, entry] of rotations) if (now - entry.at > ROTATION_REUSE_MS) rotations.delete(key);
  const known = rotations.get(refreshToken);
  if (known) return known.result;
  const result: Rotation = refreshTokens(refreshToken).then((res) => {
    if (res.ok && res.data?.jwt && res.data?.refreshToken) return { jwt: res.data.jwt, refreshToken: res.data.refreshToken };
    if (res.status === 400 || res.status === 401 || res.status === 403) return 'invalid';
    rotations.delete(refreshToken); // the CMS was down: let the next request try again
    return 'unavailable';
  });
  rotations.set(refreshToken, { result, at: now });
  return result;
}
