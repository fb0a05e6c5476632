import { defineMiddleware } from 'astro:middleware';
import { getMe } from './lib/cms';
import { needsLogIn } from './lib/paths';
import { VIDEO_FRAME_HOSTS } from './lib/library';
import { PAYMENT_REDIRECT_ORIGINS } from './lib/payments';
import { ACCESS_COOKIE, REFRESH_COOKIE, clearSession, isFresh, rotate, saveSession } from './lib/session';
import { consentExempt, mustAgree } from './lib/identity';

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  // Frames: only the two privacy-friendly video players that library resources may embed.
  'Content-Security-Policy': `frame-ancestors 'none'; base-uri 'self'; form-action 'self' ${PAYMENT_REDIRECT_ORIGINS.join(' ')}; object-src 'none'; frame-src ${VIDEO_FRAME_HOSTS.join(' ')}`,
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

/**
 * Reads the session cookies, refreshes the CMS access token on the server when it is about to
 * expire (or the CMS turns it down once), loads the signed-in person into `locals`, and sends
 * visitors who are not signed in from guarded pages to the log-in page.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const { cookies, locals, url } = context;
  locals.user = null;
  locals.token = null;
  locals.cmsUnavailable = false;

  const stored = cookies.get(ACCESS_COOKIE)?.value || null;
  const refreshToken = cookies.get(REFRESH_COOKIE)?.value || null;
  let refreshed = false;

  async function refresh(): Promise<string | null> {
    if (!refreshToken || refreshed) return null;
    refreshed = true;
    const result = await rotate(refreshToken);
    if (result === 'invalid') {
      clearSession(cookies);
      return null;
    }
    if (result === 'unavailable') {
      locals.cmsUnavailable = true;
      return null;
    }
    saveSession(cookies, result);
    return result.jwt;
  }

  if (stored || refreshToken) {
    let token: string | null = stored && isFresh(stored) ? stored : null;
    // Nearly or already expired: get a new one, but keep using the old one while it still works.
    if (!token) token = (await refresh()) ?? (stored && isFresh(stored, 0) ? stored : null);
    if (token) {
      let me = await getMe(token);
      if (!me.ok && me.status === 401) {
        const renewed = await refresh();
        if (renewed) {
          token = renewed;
          me = await getMe(token);
        }
      }
      if (me.ok && me.data?.data) {
        locals.user = me.data.data;
        locals.token = token;
      } else if (me.status === 401 || me.status === 403) {
        clearSession(cookies);
      } else {
        locals.cmsUnavailable = true;
      }
    }
  }

  // A new privacy notice and terms (issue 20): a signed-in person agrees to them before any other page;
  // only page views (GET) are sent, so a form posted from an open page is not lost.
  const askConsent =
    locals.user !== null && locals.token !== null && (context.request.method === 'GET' || context.request.method === 'HEAD') && !consentExempt(url.pathname) && (await mustAgree(locals.token));
  const response =
    needsLogIn(url.pathname) && !locals.user && !locals.cmsUnavailable
      ? context.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302)
      : askConsent
        ? context.redirect(`/consent?next=${encodeURIComponent(url.pathname + url.search)}`, 302)
        : await next();
  try {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (response.headers.has(name)) continue;
      // A page that sets its own frame-ancestors (the editors' preview, framed by the admin) is not DENY'd.
      if (name === 'X-Frame-Options' && response.headers.get('Content-Security-Policy')?.includes('frame-ancestors')) continue;
      response.headers.set(name, value);
    }
    response.headers.append('Vary', 'Cookie');
    // Pages for a signed-in person (or that change the session) are theirs alone.
    if (locals.user || stored || refreshToken) response.headers.set('Cache-Control', 'private, no-store');
  } catch {
    /* immutable headers (a redirect made elsewhere): nothing to add */
  }
  return response;
});
