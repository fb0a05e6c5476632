import { redactRequestTarget } from '@haven/shared/redact';
import type { Next } from '../lib/security/http';

interface KoaLikeError extends Error {
  status?: number;
  expose?: boolean;
}

/** What the request log reads of Koa's context: never headers, cookies or the body. */
interface LoggedContext {
  method: string;
  originalUrl: string;
  status: number;
}

interface Logger {
  isLevelEnabled(level: string): boolean;
  http(message: string): void;
  error(message: string): void;
}

interface RequestLogDeps {
  strapi: { log: Logger; server: { app: { on(event: 'error', listener: (err: KoaLikeError, ctx?: { method?: string; originalUrl?: string }) => void): void } } };
}

/**
 * Haven's request log, in place of `strapi::logger` (which writes `ctx.url` whole: the secret feed
 * address and email-confirmation codes landed in the log). One `http` line per request with the
 * target as `redactRequestTarget` shows it: query values only for known-harmless keys, the feed token
 * and token-like path segments as `[redacted]`. No headers, cookies or bodies, ever.
 *
 * Koa prints errors that escape every middleware straight to stderr with their stack; this also
 * takes over that job (an `error` listener replaces Koa's printer), so those lines pass through the
 * logger's redaction like every other.
 */
export default (_config: unknown, { strapi }: RequestLogDeps) => {
  strapi.server.app.on('error', (err, ctx) => {
    // What Koa's own printer leaves out: not-found and errors meant for the client.
    if (err?.status === 404 || err?.expose) return;
    const where = ctx?.method ? ` on ${ctx.method} ${redactRequestTarget(String(ctx.originalUrl ?? ''))}` : '';
    strapi.log.error(`request failed${where} — ${err?.stack ?? String(err)}`);
  });
  return async (ctx: LoggedContext, next: Next) => {
    const started = Date.now();
    // An error thrown past here is answered by Koa afterwards: log the status it will send.
    let status: number | undefined;
    try {
      await next();
    } catch (err) {
      status = typeof (err as KoaLikeError)?.status === 'number' ? (err as KoaLikeError).status : 500;
      throw err;
    } finally {
      // Winston formats (and so redacts) a line before its transports drop it by level: skip the work when nobody listens.
      if (strapi.log.isLevelEnabled('http')) strapi.log.http(`${ctx.method} ${redactRequestTarget(ctx.originalUrl)} (${Math.ceil(Date.now() - started)} ms) ${status ?? ctx.status}`);
    }
  };
};
