/**
 * Errors of the community API. They carry the HTTP status and a message written for the person who
 * sees it; they never carry an id, username or email. Controllers are wrapped by `withErrors`, which
 * answers them in Strapi's error shape ({data:null, error:{status,name,message,details}}) without
 * logging them as server faults.
 */
export class CommunityError extends Error {
  constructor(
    readonly status: number,
    name: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = name;
  }
}

export const badRequest = (message: string, details: Record<string, unknown> = {}) => new CommunityError(400, 'ValidationError', message, details);
export const unauthorized = (message = 'Log in to take part in the community.') => new CommunityError(401, 'UnauthorizedError', message);
export const forbidden = (message: string, details: Record<string, unknown> = {}) => new CommunityError(403, 'ForbiddenError', message, details);
export const notFound = (message: string) => new CommunityError(404, 'NotFoundError', message);
export const conflict = (message: string) => new CommunityError(409, 'ConflictError', message);
export const tooLarge = (message: string) => new CommunityError(413, 'PayloadTooLargeError', message);

/** 429 with a Retry-After header (seconds) and the time when the action is possible again. */
export function tooMany(message: string, retryAt: Date, details: Record<string, unknown> = {}) {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000));
  return new CommunityError(429, 'RateLimitError', message, { ...details, retryAt: retryAt.toISOString() }, { 'Retry-After': String(seconds) });
}

type Handler = (ctx: any) => Promise<unknown> | unknown;

/** Wraps every handler of a controller so that CommunityErrors become clean JSON answers. */
export function withErrors<T extends Record<string, Handler>>(handlers: T): T {
  const wrapped: Record<string, Handler> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = async (ctx: any) => {
      try {
        return await handler(ctx);
      } catch (err) {
        if (!(err instanceof CommunityError)) throw err;
        for (const [header, value] of Object.entries(err.headers)) ctx.set(header, value);
        ctx.status = err.status;
        ctx.body = { data: null, error: { status: err.status, name: err.name, message: err.message, details: err.details } };
      }
    };
  }
  return wrapped as T;
}
