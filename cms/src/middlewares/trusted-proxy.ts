import { normaliseAddress, parseTrustedProxies, resolveClientAddress } from '@haven/shared/server/net';
import type { GuardContext, Next } from '../lib/security/http';

const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded', 'x-real-ip'];

/**
 * The first middleware: decides who is asking. Forwarding headers count only when the TCP peer is
 * one of TRUSTED_PROXIES (default: loopback, where the site runs beside the CMS) and TRUST_PROXY is
 * not false; from anyone else they are removed, so Koa's `ctx.ip`, `ctx.protocol` and `ctx.host`
 * (and every rate limit keyed on them) see the real peer. Koa alone would believe the leftmost
 * X-Forwarded-For value from any caller.
 */
export default () => {
  const enabled = process.env.TRUST_PROXY !== 'false';
  const trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES);
  return async (ctx: GuardContext, next: Next) => {
    const peer = ctx.req.socket.remoteAddress;
    const headers = ctx.request.header;
    if (enabled && trusted.has(peer)) {
      ctx.request.ip = resolveClientAddress(peer, headers['x-forwarded-for'], trusted);
    } else {
      for (const name of FORWARDING_HEADERS) delete headers[name];
      ctx.request.ip = normaliseAddress(peer) ?? String(peer ?? '');
    }
    await next();
  };
};
