import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Koa from 'koa';
import { createLogger, winston } from '@strapi/logger';
import { afterEach, describe, expect, it } from 'vitest';
import loggerConfig from '../../../config/logger';
import requestLog from '../request-log';

/** Haven's logger configuration (the redacting format) writing into an array instead of the console. */
function havenLogger(env: Record<string, string> = {}, level = 'http') {
  const lines: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const config = loggerConfig({ env: (name: string, fallback: string) => process.env[name] ?? fallback });
  process.env = saved;
  const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  const logger = createLogger({ ...config, level, transports: [new winston.transports.Stream({ stream })] });
  return { logger, lines };
}

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A real Koa app with the request log first and `handler` behind it; returns its address. */
async function serve(logger: ReturnType<typeof havenLogger>['logger'], handler: Koa.Middleware) {
  const app = new Koa();
  const log = requestLog(undefined, { strapi: { log: logger, server: { app } } });
  app.use((ctx, next) => log(ctx, next));
  app.use(handler);
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the request log', () => {
  it('writes one line per request with a redacted target, its time and status', async () => {
    const { logger, lines } = havenLogger();
    const base = await serve(logger, (ctx) => void (ctx.body = 'ok'));
    const token = crypto.randomBytes(32).toString('base64url');
    await fetch(`${base}/api/booking/calendar/${token}.ics?page=2&code=${token}`, { headers: { authorization: `Bearer ${token}`, cookie: `jwt=${token}` } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/http.*: GET \/api\/booking\/calendar\/\[redacted\]\.ics\?page=2&code=\[redacted\] \(\d+ ms\) 200/);
    expect(lines[0]).not.toContain(token.slice(0, 12));
  });

  it('writes nothing (and formats nothing) when the level is above http', async () => {
    const { logger, lines } = havenLogger({}, 'warn');
    const base = await serve(logger, (ctx) => void (ctx.body = 'ok'));
    expect((await fetch(`${base}/api/resources?page=1`)).status).toBe(200);
    expect(lines).toEqual([]);
  });

  it('logs a request that fails past every handler, and its error, without the secret and without Koa printing to stderr', async () => {
    const { logger, lines } = havenLogger();
    const code = crypto.randomBytes(20).toString('hex');
    const base = await serve(logger, () => {
      throw new Error(`could not fetch https://calendar.example/private-${code}/basic.ics?key=${code}`);
    });
    const printed: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void printed.push(args.join(' '));
    try {
      expect((await fetch(`${base}/api/auth/email-confirmation?confirmation=${code}`)).status).toBe(500);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      console.error = original;
    }
    expect(printed).toEqual([]);
    const text = lines.join('');
    expect(text).toMatch(/GET \/api\/auth\/email-confirmation\?confirmation=\[redacted\] \(\d+ ms\) 500/);
    expect(text).toMatch(/error.*request failed on GET \/api\/auth\/email-confirmation\?confirmation=\[redacted\] — Error: could not fetch https:\/\/calendar\.example\/\[redacted\]\/basic\.ics\?key=\[redacted\]/);
    expect(text).not.toContain(code.slice(0, 16));
  });
});

describe('the logger format', () => {
  it('redacts an Error logged alone (message and stack) without changing the error', () => {
    const { logger, lines } = havenLogger();
    const secret = crypto.randomBytes(24).toString('hex');
    const error = new Error(`refresh failed for https://x.example/feed.ics?token=${secret}`);
    const stack = error.stack;
    logger.error(error);
    expect(lines.join('')).toContain('refresh failed for https://x.example/feed.ics?token=[redacted]');
    expect(lines.join('')).toContain('    at ');
    expect(lines.join('')).not.toContain(secret.slice(0, 16));
    expect(error.message).toContain(secret);
    expect(error.stack).toBe(stack);
  });

  it('hides the configured keys wherever a message carries them', () => {
    const key = `sk_live_${crypto.randomBytes(4).toString('hex')}`;
    const smtp = `smtp-${crypto.randomBytes(4).toString('hex')}`;
    const { logger, lines } = havenLogger({ STRIPE_SECRET_KEY: key, SMTP_PASSWORD: smtp, APP_KEYS: 'firstAppKey1,secondAppKey2' });
    logger.warn(`config: ${key} ${smtp} firstAppKey1 secondAppKey2`);
    logger.info(`[email] login as haven with ${smtp}`);
    const text = lines.join('');
    for (const value of [key, smtp, 'firstAppKey1', 'secondAppKey2']) expect(text).not.toContain(value);
    expect(text).toContain('[email] login as haven with [redacted]');
  });

  it('leaves ordinary lines alone', () => {
    const { logger, lines } = havenLogger();
    logger.info('[library] search index rebuilt: 12 resources');
    logger.http('GET /api/resources?page=2&sort=title:asc (4 ms) 200');
    expect(lines.join('')).toContain('[library] search index rebuilt: 12 resources');
    expect(lines.join('')).toContain('GET /api/resources?page=2&sort=title:asc (4 ms) 200');
  });
});
