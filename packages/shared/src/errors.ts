/**
 * One error type for every Haven plugin. An error carries the HTTP status and a message written for
 * the person who reads it; it never carries an id, username or email that the asker should not see.
 * Plugin controllers are wrapped by `withErrors` (`@haven/shared/strapi`), which answers these in
 * Strapi's error shape ({data:null, error:{status,name,message,details}}) without logging them as faults.
 */
export class HavenError extends Error {
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

export const badRequest = (message: string, details: Record<string, unknown> = {}) => new HavenError(400, 'ValidationError', message, details);
export const unauthorized = (message = 'Log in to continue.') => new HavenError(401, 'UnauthorizedError', message);
export const forbidden = (message: string, details: Record<string, unknown> = {}) => new HavenError(403, 'ForbiddenError', message, details);
export const notFound = (message: string) => new HavenError(404, 'NotFoundError', message);
export const conflict = (message: string, details: Record<string, unknown> = {}) => new HavenError(409, 'ConflictError', message, details);
export const gone = (message: string) => new HavenError(410, 'GoneError', message);
export const tooLarge = (message: string) => new HavenError(413, 'PayloadTooLargeError', message);
export const unavailable = (message: string) => new HavenError(503, 'ServiceUnavailableError', message);

/** 429 with a Retry-After header (seconds) and the time when the action is possible again. */
export function tooMany(message: string, retryAt: Date, details: Record<string, unknown> = {}) {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000));
  return new HavenError(429, 'RateLimitError', message, { ...details, retryAt: retryAt.toISOString() }, { 'Retry-After': String(seconds) });
}

export const isHavenError = (err: unknown): err is HavenError => err instanceof HavenError;
