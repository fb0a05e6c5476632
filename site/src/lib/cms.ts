/**
 * The one place the site talks to the Haven CMS (Strapi). Server side only: the base URL, JSON in and
 * out, bearer tokens, and turning CMS errors into `{ message, fieldErrors }` that forms can show.
 */
import { redactRequestTarget } from '@haven/shared/redact';
import { trimTrailingSlashes } from '@haven/shared/text';

const trimSlash = trimTrailingSlashes;

/** Where the site's server reaches the CMS. */
export const CMS_URL = trimSlash(process.env.CMS_URL || 'http://127.0.0.1:1337');
/** Where browsers reach the CMS (for uploaded pictures); the same as CMS_URL unless set. */
export const PUBLIC_CMS_URL = trimSlash(process.env.PUBLIC_CMS_URL || CMS_URL);

const TIMEOUT_MS = Number(process.env.CMS_TIMEOUT_MS || 10_000);

// The profile answers' shapes are shared with the CMS, which checks its views against them.
export type { Me, Role, TherapistListing, TherapistPractice } from '@haven/shared/profiles';
import type { Me, Role, TherapistListing, TherapistPractice } from '@haven/shared/profiles';

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export interface AuthTokens {
  jwt: string;
  refreshToken: string;
}

export type CmsOk<T> = { ok: true; status: number; data: T };
/** The CMS's own error body (`{status, name, message, details}`), when it sent one. */
export interface CmsError {
  status?: number;
  name?: string;
  message?: string;
  details?: any;
}
export type CmsFail = { ok: false; status: number; message: string; fieldErrors: Record<string, string>; error?: CmsError | null };
export type CmsResult<T> = CmsOk<T> | CmsFail;

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A JSON body, or FormData for uploads. */
  body?: unknown;
  token?: string | null;
  /** The visitor's IP, passed on so the CMS can rate-limit per person rather than per site. */
  clientIp?: string;
  /** Extra request headers (the editors' preview token). */
  headers?: Record<string, string>;
}

export const UNREACHABLE_MESSAGE = 'We could not reach Haven just now. Please try again in a moment.';

/** Calls the CMS. Never throws for HTTP or network failures: look at `ok`. */
export async function cms<T = unknown>(path: string, options: CallOptions = {}): Promise<CmsResult<T>> {
  const { method = options.body === undefined ? 'GET' : 'POST', body, token, clientIp } = options;
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (token) headers.authorization = `Bearer ${token}`;
  if (clientIp) headers['x-forwarded-for'] = clientIp;

  let response: Response;
  try {
    response = await fetch(CMS_URL + path, { method, headers, body: payload, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    console.error(`[cms] ${method} ${redactRequestTarget(path)} failed: ${(error as Error).message}`);
    return { ok: false, status: 503, message: UNREACHABLE_MESSAGE, fieldErrors: {} };
  }

  const text = await response.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON (a proxy error page, say) */
  }
  if (response.ok) return { ok: true, status: response.status, data: json as T };
  return { ok: false, status: response.status, ...describeError(response.status, json), error: json?.error && typeof json.error === 'object' ? json.error : null };
}

/** `{data:null, error:{status, name, message, details:{errors:[{path, message}]}}}` → a message and per-field messages. */
export function describeError(status: number, json: any): { message: string; fieldErrors: Record<string, string> } {
  const error = json?.error;
  const fieldErrors: Record<string, string> = {};
  for (const item of Array.isArray(error?.details?.errors) ? error.details.errors : []) {
    const path = Array.isArray(item?.path) ? item.path.map(String) : [];
    const field = path[0];
    if (!field || typeof item.message !== 'string') continue;
    // zod messages leave out the field ("must be …"); yup ones start with it ("password must …").
    const text = item.message.startsWith(`${path.join('.')} `) ? item.message.slice(path.join('.').length + 1) : item.message;
    if (!fieldErrors[field]) fieldErrors[field] = plainer(text);
  }
  let message: string = typeof error?.message === 'string' && error.message ? error.message : '';
  if (status === 429) message = 'Too many attempts. Please wait a minute, then try again.';
  else if (status >= 500) message = 'Something went wrong on our side. Please try again in a moment.';
  else if (!message) message = status === 401 || status === 403 ? 'Please log in again.' : 'That did not work. Please check the form and try again.';
  return { message, fieldErrors };
}

/** zod's and yup's stock wording, said more plainly ("Too small: expected string to have >=3 characters"). */
function plainer(message: string): string {
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^too small: expected string to have >=?(\d+) characters?/i, (m) => `must be at least ${m[1]} characters`],
    [/^too big: expected string to have <=?(\d+) characters?/i, (m) => `must be at most ${m[1]} characters`],
    [/^too small: expected number to be >=?(-?\d+)/i, (m) => `must be at least ${m[1]}`],
    [/^too big: expected number to be <=?(-?\d+)/i, (m) => `must be at most ${m[1]}`],
    [/^invalid input: expected (\w+), received undefined/i, () => 'is required'],
    [/^invalid input/i, () => 'is not valid'],
  ];
  for (const [pattern, replace] of rules) {
    const match = message.match(pattern);
    if (match) return replace(match);
  }
  return message;
}

/** An absolute URL for a picture that the CMS serves (its avatarUrl is a path like /uploads/x.png). */
export function mediaUrl(path: string | null | undefined): string | null {
  if (!path) return null;
  if (/^https?:\/\//.test(path)) return path;
  return `${PUBLIC_CMS_URL}${path.startsWith('/') ? '' : '/'}${path}`;
}

// ---- the calls the site makes ----------------------------------------------------------------------

export const getMe = (token: string) => cms<{ data: Me }>('/api/profiles/me', { token });

/** The browser's User-Agent, passed on where the CMS starts a session: "where you are signed in" names the browser from it. */
export const browserHeaders = (userAgent: string | null | undefined): Record<string, string> | undefined =>
  userAgent ? { 'user-agent': userAgent.slice(0, 512) } : undefined;

export const login = (identifier: string, password: string, clientIp?: string, userAgent?: string | null) =>
  cms<AuthTokens & { user: unknown }>('/api/auth/local', { body: { identifier, password }, clientIp, headers: browserHeaders(userAgent) });

export const refreshTokens = (refreshToken: string) => cms<AuthTokens>('/api/auth/refresh', { body: { refreshToken } });

export const logout = (token: string, refreshToken?: string) =>
  cms<{ ok: boolean }>('/api/auth/logout', { body: refreshToken ? { refreshToken } : {}, token });
