import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { identity } from '@haven/plugin-identity/public';
import { privacy } from '@haven/plugin-privacy/public';

/** What users-permissions answers when it has signed someone in (refresh mode). */
interface SignedInBody {
  jwt?: string;
  refreshToken?: string;
  user?: { id?: unknown };
}

const isSignedInBody = (body: unknown): body is SignedInBody => typeof body === 'object' && body !== null && 'jwt' in body;

/** The name of users-permissions' refresh cookie (its httpOnly-cookie mode). */
function refreshCookieName(strapi: Core.Strapi): string {
  const sessions: { cookie?: { name?: string } } | undefined = strapi.config.get('plugin::users-permissions.sessions');
  return sessions?.cookie?.name || 'strapi_up_refresh';
}

/** The refresh token users-permissions put in a Set-Cookie header (its httpOnly-cookie mode), if any. */
function refreshTokenFromCookie(strapi: Core.Strapi, ctx: Context): string | null {
  const name = refreshCookieName(strapi);
  const header = ctx.response.get('set-cookie');
  const lines = Array.isArray(header) ? header : header ? [String(header)] : [];
  for (const line of lines) {
    if (line.startsWith(`${name}=`)) return decodeURIComponent(line.slice(name.length + 1).split(';')[0]);
  }
  return null;
}

/**
 * Runs after users-permissions answered a sign-in (log-in or password reset) with a session. When the
 * account has two-step sign-in on, the session it just started is revoked at once and the answer
 * becomes `{ twoFactorRequired, challenge, expiresAt }` (no token of any kind leaves the server);
 * POST /api/identity/sign-in/second-factor completes it. Otherwise the sign-in is complete here, and
 * the privacy plugin hears of it (a pending account deletion is cancelled).
 */
export async function holdForSecondFactor(strapi: Core.Strapi, ctx: Context): Promise<void> {
  const body: unknown = ctx.body;
  if (!isSignedInBody(body) || typeof body.user?.id !== 'number') return;
  const userId = body.user.id;
  const challenge = await identity.signInChallenge(userId);
  if (!challenge) {
    await privacy.signedIn(userId);
    return;
  }
  const sessions = strapi.sessionManager('users-permissions');
  const refreshToken = body.refreshToken ?? refreshTokenFromCookie(strapi, ctx);
  const validation = refreshToken ? await sessions.validateRefreshToken(refreshToken) : null;
  if (validation?.isValid) {
    await sessions.revokeSessionById(String(userId), validation.sessionId);
  } else {
    // Never seen: users-permissions always answers its token. Rather every session of the account than one nobody can see.
    strapi.log.warn(`[identity] the session of a sign-in waiting for its second step was not found; ending every session of account ${userId}`);
    await sessions.invalidateRefreshToken(String(userId));
  }
  // Cookie mode: the cookie just set is replaced by an expired one.
  if (!body.refreshToken) ctx.cookies.set(refreshCookieName(strapi), '', { maxAge: 0 });
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { twoFactorRequired: true, challenge: challenge.challenge, expiresAt: challenge.expiresAt };
}

/** The second-factor route (identity plugin, layer 1) tells the privacy plugin (layer 4) through this registration. */
export function registerSignedIn(): void {
  identity.onSignedIn(async (userId) => {
    await privacy.signedIn(userId);
  });
}
