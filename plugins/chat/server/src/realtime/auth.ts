/**
 * Who is on the other end of a socket: the users-permissions access token given in the handshake
 * (`auth: { token }`, never the query string, which ends up in logs), checked with users-permissions'
 * own `jwt` service and `fetchAuthenticatedUser`, as its HTTP strategy does: a valid signature, a
 * live session (not signed out), an existing, confirmed, unblocked account.
 */
import { siteAccounts, type SiteTokenClaims } from '@haven/shared/server/strapi';
import type { Core } from '@strapi/strapi';
import type { ChatErrorCode } from '@haven/shared/chat';

export interface Identity {
  userId: number;
  sessionId: string | null;
  /** When the token runs out (epoch ms). */
  expiresAt: number;
}

export class AuthFailure extends Error {
  constructor(
    readonly code: ChatErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The claims of a JWT, read without checking it (only after users-permissions has checked it, or to word a refusal). */
function claims(token: string): { exp?: number } {
  const part = token.split('.')[1] ?? '';
  try {
    const parsed = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as { exp?: number }) : {};
  } catch {
    return {};
  }
}

let confirmationSetting: { value: boolean; at: number } | null = null;
async function emailConfirmationRequired(strapi: Core.Strapi): Promise<boolean> {
  if (confirmationSetting && Date.now() - confirmationSetting.at < 30_000) return confirmationSetting.value;
  const advanced = (await strapi.store({ type: 'plugin', name: 'users-permissions' }).get({ key: 'advanced' })) as { email_confirmation?: boolean } | null;
  confirmationSetting = { value: Boolean(advanced?.email_confirmation), at: Date.now() };
  return confirmationSetting.value;
}

export const BLOCKED_MESSAGE = 'This account is blocked. Contact Haven support if you think this is a mistake.';

export async function authenticate(strapi: Core.Strapi, token: unknown): Promise<Identity> {
  if (typeof token !== 'string' || token.length === 0) throw new AuthFailure('token-missing', 'Log in to use messages.');
  if (token.length > 4096) throw new AuthFailure('token-invalid', 'Your session is not valid. Please log in again.');
  const accounts = siteAccounts(strapi);
  let verified: SiteTokenClaims;
  try {
    verified = await accounts.verifyToken(token);
  } catch {
    const exp = claims(token).exp;
    if (typeof exp === 'number' && exp * 1000 <= Date.now()) throw new AuthFailure('token-expired', 'Your session token has expired: fetch a new one and connect again.');
    throw new AuthFailure('token-invalid', 'Your session is not valid. Please log in again.');
  }
  const userId = Number(verified.id);
  if (!Number.isInteger(userId)) throw new AuthFailure('token-invalid', 'Your session is not valid. Please log in again.');
  const user = await accounts.account(userId);
  if (!user) throw new AuthFailure('token-invalid', 'Your session is not valid. Please log in again.');
  if (user.blocked) throw new AuthFailure('blocked', BLOCKED_MESSAGE);
  if (!user.confirmed && (await emailConfirmationRequired(strapi))) throw new AuthFailure('token-invalid', 'Your session is not valid. Please log in again.');
  const sessionId = typeof verified.sessionId === 'string' ? verified.sessionId : null;
  if (sessionId && !(await strapi.sessionManager('users-permissions').isSessionActive(sessionId))) {
    throw new AuthFailure('session-expired', 'You have been signed out. Please log in again.');
  }
  const exp = claims(token).exp;
  return { userId, sessionId, expiresAt: typeof exp === 'number' ? exp * 1000 : Date.now() + 10 * 60_000 };
}
