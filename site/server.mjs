#!/usr/bin/env node
/**
 * Serves the built site (`npm run build -w site` first): Astro's Node handler behind a thin HTTP
 * server that does two things Astro's standalone server cannot be told to do.
 * - Methods: only GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS reach Astro; TRACE, TRACK, CONNECT
 *   and anything else answer 405 (Astro's adapter answered TRACE with a 500).
 * - Client address: forwarding headers count only from TRUSTED_PROXIES (default loopback), read
 *   from the right (@haven/shared/net). Astro then sees that one address as both the peer and
 *   X-Forwarded-For, so `Astro.clientAddress` — which the site forwards to the CMS for its
 *   per-visitor rate limits — cannot be chosen by the visitor.
 * - Logs: every line printed through `console` (Astro's own messages, the site's) passes through
 *   `redactText` (@haven/shared/redact), so a reset code in a page address, a token or a configured key
 *   never reaches the log. The site writes no request log.
 * HOST and PORT as for Astro's standalone server (defaults 127.0.0.1:4321).
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { format } from 'node:util';

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const require = createRequire(import.meta.url);
const { parseTrustedProxies, resolveClientAddress } = require('@haven/shared/server/net');
const { redactText, secretsFromEnv } = require('@haven/shared/redact');

// Before Astro loads: everything it or the site prints is redacted.
const knownSecrets = secretsFromEnv(process.env);
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  const print = console[method].bind(console);
  console[method] = (...args) => print(redactText(format(...args), knownSecrets));
}
const { handler } = await import('./dist/server/entry.mjs');

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded', 'x-real-ip'];
const trustEnabled = process.env.TRUST_PROXY !== 'false';
const trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES);

function methodNotAllowed(res) {
  res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: [...METHODS].join(', '), 'x-content-type-options': 'nosniff' });
  res.end('Method not allowed\n');
}

/** This request's view of its socket, with the decided client address (one connection can carry several clients' requests from a proxy). */
function withClientAddress(req, address) {
  const socket = req.socket;
  const view = new Proxy(socket, {
    get(target, property) {
      if (property === 'remoteAddress') return address;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  Object.defineProperty(req, 'socket', { value: view, configurable: true, enumerable: true, writable: true });
}

const server = http.createServer((req, res) => {
  if (!METHODS.has(req.method)) return methodNotAllowed(res);
  const peer = req.socket.remoteAddress;
  if (trustEnabled && trusted.has(peer)) {
    const client = resolveClientAddress(peer, req.headers['x-forwarded-for'], trusted);
    req.headers['x-forwarded-for'] = client;
    withClientAddress(req, client);
  } else {
    for (const name of FORWARDING_HEADERS) delete req.headers[name];
  }
  handler(req, res);
});
// CONNECT never reaches the request handler: answer it too instead of dropping the socket.
server.on('connect', (_req, socket) => {
  socket.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
});

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 4321);
server.listen(port, host, () => console.log(`[site] listening on http://${host.includes(':') ? `[${host}]` : host}:${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections());
