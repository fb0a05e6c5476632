/**
 * Fetches an external calendar address without letting a therapist make the CMS call internal
 * services: only http(s) (webcal:// is read as https://), every address the host resolves to must be
 * global unicast — judged by ipaddr.js's range classification, not by hand-written lists, so that
 * IPv4-compatible (`::7f00:1`), NAT64, 6to4, Teredo, documentation and reserved forms are all refused
 * — unless the caller allows private hosts, and the connection goes to the address that was checked
 * (no DNS rebinding in between). Redirects are followed (at most 3) and each hop is checked again.
 * The body is cut off at `maxBytes` and the whole exchange at `timeoutMs`. Failures read as plain
 * reasons ("could not connect"), never as socket errors that would let someone map other hosts' ports.
 */
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export class FetchError extends Error {}

/** The address is not on the public internet: bad input, refused before anything is stored. */
export class PrivateAddressError extends FetchError {}

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  allowPrivateHosts: boolean;
}

/** IPv6 global unicast is 2000::/3 (RFC 4291); ipaddr.js names the special ranges inside it. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * How ipaddr.js classifies an address ('unicast', 'private', 'loopback', 'rfc6052', …), with
 * IPv4-mapped addresses judged as the IPv4 address they carry; null when it is not an address.
 */
export function addressRange(address: string): string | null {
  if (net.isIP(address) === 0) return null;
  const v6 = ipaddr.parse(address);
  if (v6 instanceof ipaddr.IPv4) return v6.range();
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range();
  const range = v6.range();
  // ipaddr.js calls everything it has no name for 'unicast', the deprecated IPv4-compatible ::/96
  // (::7f00:1 is 127.0.0.1) included: only 2000::/3 is global unicast.
  return range === 'unicast' && !v6.match(GLOBAL_UNICAST_V6) ? 'reserved' : range;
}

/** True when an IP address is global unicast: on the public internet and nothing else. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}

const PRIVATE = 'Calendar addresses must be on the public internet; this one points to a private, local or reserved network.';

/** The literal IP address of a URL's host, or null when the host is a name. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return net.isIP(host) ? host : null;
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

/** The address to connect to; every address the host has must be public unless private hosts are allowed. */
export async function resolvePinned(url: URL, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await dns.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new FetchError(`The calendar host "${host.slice(0, 100)}" could not be found.`);
    }
  }
  if (!addresses.length) throw new FetchError(`The calendar host "${host.slice(0, 100)}" could not be found.`);
  if (!allowPrivate && addresses.some((a) => !isPublicAddress(a.address))) throw new PrivateAddressError(PRIVATE);
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
        lookup: pinnedLookup(pinned),
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
    // Refused, reset, TLS or protocol errors all read the same: which one it was would tell a
    // stranger what listens on a port of someone else's host.
    throw new FetchError('The calendar address could not be reached (could not connect). Please check the address.');
  } finally {
    clearTimeout(timer);
  }
}

/** A DNS lookup that always answers the address already checked (both the single and the `all` form). */
function pinnedLookup(pinned: { address: string; family: number }): net.LookupFunction {
  return (_host, lookupOptions, callback) => {
    if (lookupOptions?.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}
