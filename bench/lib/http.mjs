// Small HTTP helpers: a checked request before a target is loaded, and a free loopback port.
import net from 'node:net';

/** GET/POST with an optional JSON body; answers status, parsed JSON (or null) and body size. */
export async function request(url, { method = 'GET', headers = {}, body } = {}) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, bytes: Buffer.byteLength(text) };
}

/** Stops the run with the message when a check fails. */
export function expect(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** A TCP port on 127.0.0.1 that was free a moment ago, so URLs (in config, in mails) can name it before anything listens. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
