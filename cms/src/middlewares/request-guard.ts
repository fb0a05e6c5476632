import type { GuardContext, Next } from '../lib/security/http';
import { hasBody, refuse, routeKey } from '../lib/security/http';
import { bodyLimitFor } from '../lib/security/body-limits';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** What the body parser can undo; anything else is refused before it is read. */
const ENCODINGS = new Set(['identity', 'gzip', 'deflate', 'br']);
const BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/vnd.api+json', 'application/csp-report'];

/** Marks that Strapi's body parser has finished (set by `body-guard`, the next middleware after it). */
export const BODY_PARSED = 'havenBodyParsed';

/**
 * Runs just before Strapi's body parser. Refuses, with a 4xx and a plain message, what the parser
 * would otherwise turn into a 500 or read in full first: a NUL byte in the path, unknown methods (TRACE), unknown
 * encodings, a declared size over the route's limit (see body-limits.ts), multipart where the route
 * takes none or without a boundary; and turns whatever the parser still throws (bad gzip, broken
 * JSON, a truncated multipart body) into a 400.
 */
/**
 * A NUL byte in the path, raw or percent-encoded. Nothing in Haven's addresses can hold one, and
 * PostgreSQL refuses it in text ("invalid byte sequence"), which Strapi's own routes (e.g. revoking
 * /api/auth/sessions/:sessionId) would answer with a 500.
 */
const NUL_IN_PATH = /%00|\u0000/i;

export default () => async (ctx: GuardContext, next: Next) => {
  if (NUL_IN_PATH.test(ctx.path)) {
    return refuse(ctx, 400, 'BadRequestError', 'The address contains a character that is not allowed (a NUL byte)');
  }
  if (!METHODS.has(ctx.method)) {
    return refuse(ctx, 405, 'MethodNotAllowedError', `${ctx.method.slice(0, 16)} is not supported`, { Allow: [...METHODS].join(', ') });
  }
  if (hasBody(ctx) && ctx.method !== 'GET' && ctx.method !== 'HEAD') {
    const problem = bodyProblem(ctx);
    if (problem) return refuse(ctx, problem.status, problem.name, problem.message);
  }
  try {
    await next();
  } catch (error) {
    if (ctx.state[BODY_PARSED]) throw error;
    const status = statusOf(error);
    if (status === 413) return refuse(ctx, 413, 'PayloadTooLargeError', 'The request body is too large for this endpoint');
    return refuse(ctx, 400, 'BadRequestError', 'The request body could not be read: check its Content-Type, Content-Encoding and format');
  }
};

function bodyProblem(ctx: GuardContext): { status: number; name: string; message: string } | null {
  const header = ctx.request.header;
  const encoding = String(header['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!ENCODINGS.has(encoding)) return { status: 415, name: 'UnsupportedMediaTypeError', message: 'Content-Encoding must be gzip, deflate, br or none' };

  const key = routeKey(ctx);
  const limit = bodyLimitFor(key);
  const declared = header['content-length'];
  if (declared === undefined) {
    // A chunked body has no size up front: the route's limit could only be found after reading it.
    return { status: 411, name: 'LengthRequiredError', message: 'Send the request body with a Content-Length' };
  }
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0) return { status: 400, name: 'BadRequestError', message: 'Content-Length is not a number' };
  // A compressed body can grow when it is inflated: its parsed size is limited by the parser itself.
  if (length > limit.bytes) return { status: 413, name: 'PayloadTooLargeError', message: `The request body is too large for this endpoint (at most ${Math.floor(limit.bytes / 1024)} KB)` };

  const type = String(header['content-type'] ?? '').toLowerCase();
  const mediaType = type.split(';')[0].trim();
  if (mediaType === 'multipart/form-data') {
    if (!limit.multipart) return { status: 415, name: 'UnsupportedMediaTypeError', message: 'This endpoint takes JSON, not multipart/form-data' };
    if (!type.includes('boundary=')) return { status: 400, name: 'BadRequestError', message: 'multipart/form-data needs a boundary' };
  } else if (mediaType && !BODY_TYPES.includes(mediaType)) {
    return { status: 415, name: 'UnsupportedMediaTypeError', message: 'Send the request body as JSON (Content-Type: application/json)' };
  }
  return null;
}

function statusOf(error: unknown): number {
  const record = error as { status?: unknown; statusCode?: unknown } | null;
  const status = Number(record?.status ?? record?.statusCode ?? 0);
  return Number.isInteger(status) ? status : 0;
}
