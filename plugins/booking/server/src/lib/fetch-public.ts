/**
 * Fetches an external calendar address without letting a therapist make the CMS call internal
 * services: only http(s) (webcal:// is read as https://), every address the host resolves to must be
 * public (no loopback, private, link-local, CGNAT, multicast or documentation ranges) unless the
 * caller allows private hosts, and the connection goes to the address that was checked (no DNS
 * rebinding in between). Redirects are followed (at most 3) and each hop is checked again. The body
 * is cut off at `maxBytes` and the whole exchange at `timeoutMs`.
 */
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export class FetchError extends Error {}

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  allowPrivateHosts: boolean;
}

const blocked = new net.BlockList();
for (const [range, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(range, bits, 'ipv4');
}
for (const [range, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(range, bits, 'ipv6');
}

/** True when an IP address is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const lower = address.toLowerCase();
    // IPv4-mapped (::ffff:10.0.0.1) and IPv4-compatible forms are judged as the IPv4 address they carry.
    const mapped = lower.match(/^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/);
    if (mapped) return isPublicAddress(mapped[1]);
    if (lower.startsWith('::ffff:')) return false;
    return !blocked.check(address, 'ipv6');
  }
  return !blocked.check(address, 'ipv4');
}

/** The URL as it will be fetched, or a FetchError saying what is wrong with it. */
export function normaliseCalendarUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim().replace(/^webcals?:\/\//i, 'https://'));
  } catch {
    throw new FetchError('must be a web address starting with https:// (or webcal://)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new FetchError('must start with https://, http:// or webcal://');
  if (url.username || url.password) throw new FetchError('must not contain a user name or password');
  return url;
}

async function resolvePinned(url: URL, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await dns.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new FetchError(`The calendar host "${host}" could not be found.`);
    }
  }
  if (!addresses.length) throw new FetchError(`The calendar host "${host}" could not be found.`);
  if (!allowPrivate && addresses.some((a) => !isPublicAddress(a.address))) {
    throw new FetchError('Calendar addresses must be on the public internet; this one points to a private or local network.');
  }
  return addresses[0];
}

function requestOnce(url: URL, pinned: { address: string; family: number }, options: FetchOptions, signal: AbortSignal) {
  return new Promise<{ status: number; location?: string; body?: string }>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'GET',
        signal,
        headers: { accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1', 'user-agent': 'Haven calendar sync' },
        // Connect to the address that was checked, whatever DNS says by now.
        lookup: ((_host: string, lookupOptions: { all?: boolean }, callback: (err: null, address: unknown, family?: number) => void) => {
          if (lookupOptions?.all) callback(null, [pinned]);
          else callback(null, pinned.address, pinned.family);
        }) as unknown as net.LookupFunction,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          resolve({ status, location: res.headers.location });
          return;
        }
        if (status !== 200) {
          res.resume();
          resolve({ status });
          return;
        }
        const declared = Number(res.headers['content-length'] ?? '0');
        if (declared > options.maxBytes) {
          res.destroy();
          reject(new FetchError(`The calendar is larger than ${Math.round(options.maxBytes / 1024)} KB.`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            res.destroy();
            reject(new FetchError(`The calendar is larger than ${Math.round(options.maxBytes / 1024)} KB.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The body of a calendar address, or a FetchError with a message fit for the therapist. */
export async function fetchCalendar(raw: string, options: FetchOptions): Promise<string> {
  let url = normaliseCalendarUrl(raw);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    for (let hop = 0; hop <= 3; hop++) {
      const pinned = await resolvePinned(url, options.allowPrivateHosts);
      const res = await requestOnce(url, pinned, options, controller.signal);
      if (res.location) {
        url = normaliseCalendarUrl(new URL(res.location, url).toString());
        continue;
      }
      if (res.status !== 200) throw new FetchError(`The calendar address answered with HTTP ${res.status}.`);
      return res.body ?? '';
    }
    throw new FetchError('The calendar address redirected too many times.');
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (controller.signal.aborted) throw new FetchError(`The calendar did not answer within ${Math.round(options.timeoutMs / 1000)} seconds.`);
    throw new FetchError(`The calendar could not be fetched: ${(err as Error).message.slice(0, 200)}`);
  } finally {
    clearTimeout(timer);
  }
}
