/**
 * A raw HTTP client for attack cases (the security audit and the security tests): any method
 * (TRACE), any header (a forged X-Forwarded-For, a lying Content-Encoding), any body bytes, and a
 * chosen local address, so a test on one machine can call from 127.0.0.5 as "a stranger" while
 * only 127.0.0.1 is a trusted proxy.
 */
import http from 'node:http';

/**
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string | Buffer | Uint8Array, localAddress?: string, timeoutMs?: number, noLength?: boolean }} [options]
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, text: string, json: any, ms: number }>}
 */
export function request(url, options = {}) {
  const { method = 'GET', headers = {}, body, localAddress, timeoutMs = 20_000, noLength = false } = options;
  const target = new URL(url);
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  const allHeaders = { ...headers };
  if (payload && !noLength && !Object.keys(allHeaders).some((h) => h.toLowerCase() === 'content-length')) allHeaders['content-length'] = String(payload.length);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      { hostname: target.hostname, port: target.port, path: target.pathname + target.search, method, headers: allHeaders, localAddress, agent: false, timeout: timeoutMs },
      (res) => {
        answered = true;
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, ms: performance.now() - started });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} took more than ${timeoutMs} ms`)));
    req.on('error', reject);
    if (!payload || payload.length <= LARGE_BODY) {
      if (payload) req.write(payload);
      req.end();
      return;
    }
    // A large body goes only after the server had a moment to refuse it from its headers: a server
    // that answers 413 and closes while the body is still being written makes the write fail (EPIPE)
    // before its answer can be read, a race that has nothing to do with what is being tested.
    req.flushHeaders();
    setTimeout(() => {
      if (answered) return;
      req.write(payload);
      req.end();
    }, LARGE_BODY_GRACE_MS);
  });
}

/** Bodies above this size are sent only if the server has not answered from the headers within the grace. */
const LARGE_BODY = 64 * 1024;
const LARGE_BODY_GRACE_MS = 200;

/** JSON POST/PUT helper over `request`. */
export function json(url, method, value, options = {}) {
  return request(url, { ...options, method, headers: { 'content-type': 'application/json', ...(options.headers ?? {}) }, body: JSON.stringify(value) });
}

/**
 * Polls `${baseUrl}/_health` every `everyMs` while `work` runs and returns the slowest answer (ms):
 * a request that blocks the event loop shows up here.
 */
export async function worstHealthDuring(baseUrl, work, everyMs = 100) {
  let worst = 0;
  let running = true;
  const poller = (async () => {
    while (running) {
      const started = performance.now();
      await request(`${baseUrl}/_health`, { timeoutMs: 30_000 }).catch(() => undefined);
      worst = Math.max(worst, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await poller;
  }
  return worst;
}
