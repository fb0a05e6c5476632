/**
 * Which forwarding headers to believe. A caller can put anything in X-Forwarded-For, so the header
 * is read only when the TCP peer is a proxy we configured (TRUSTED_PROXIES), and then from the
 * right: each trusted hop names the one before it, and the first address that is not a trusted
 * proxy is the client (the same walk as Express's proxy-addr). Node's own `net.BlockList` does the
 * CIDR matching. Used by the CMS (Koa) and the site's server alike.
 */
import net from 'node:net';

/** What TRUSTED_PROXIES means when unset: the site (or a proxy) running beside the CMS on loopback. */
export const DEFAULT_TRUSTED_PROXIES = 'loopback';

const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  // RFC 1918 / RFC 4193 private networks, for a proxy on the same private network (containers).
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  none: [],
};

export interface TrustedProxies {
  /** Whether `address` (as the socket reports it, IPv4-mapped IPv6 included) is a trusted proxy. */
  has(address: string | undefined | null): boolean;
  /** The configured entries, normalised (for logs). */
  readonly entries: string[];
}

/** `::ffff:127.0.0.1` → `127.0.0.1`; anything that is not an IP address → null. */
export function normaliseAddress(address: string | undefined | null): string | null {
  if (!address || typeof address !== 'string' || address.length > 64) return null;
  let value = address.trim();
  if (value.toLowerCase().startsWith('::ffff:') && net.isIPv4(value.slice(7))) value = value.slice(7);
  return net.isIP(value) ? value : null;
}

/**
 * Parses a comma-separated list of addresses, CIDR blocks and the names `loopback`, `private`,
 * `none` (e.g. "loopback, 10.0.0.0/8"). Throws on an entry it cannot read, so that a typo stops
 * the server at start instead of silently trusting nobody (or everybody).
 */
export function parseTrustedProxies(spec: string | undefined | null): TrustedProxies {
  const list = new net.BlockList();
  const entries: string[] = [];
  const source = spec === undefined || spec === null || spec.trim() === '' ? DEFAULT_TRUSTED_PROXIES : spec;
  for (const raw of source.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const named = NAMED[item.toLowerCase()];
    for (const entry of named ?? [item]) {
      const slash = entry.indexOf('/');
      const address = normaliseAddress(slash === -1 ? entry : entry.slice(0, slash));
      if (!address) throw new Error(`TRUSTED_PROXIES: "${item}" is not an address, a CIDR block or one of loopback, private, none`);
      const family = net.isIPv4(address) ? 'ipv4' : 'ipv6';
      const max = family === 'ipv4' ? 32 : 128;
      const prefix = slash === -1 ? max : Number(entry.slice(slash + 1));
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`TRUSTED_PROXIES: bad prefix length in "${item}"`);
      list.addSubnet(address, prefix, family);
      entries.push(`${address}/${prefix}`);
    }
  }
  return {
    entries,
    has(address) {
      const value = normaliseAddress(address);
      if (!value) return false;
      return list.check(value, net.isIPv4(value) ? 'ipv4' : 'ipv6');
    },
  };
}

/** At most this many X-Forwarded-For hops are read; a longer chain is cut (it costs nothing to forge). */
const MAX_HOPS = 20;

/**
 * The client's address: the socket peer unless it is a trusted proxy, else the rightmost
 * X-Forwarded-For entry that is not a trusted proxy. An unreadable entry stops the walk at the last
 * trusted hop (which is then the best we know).
 */
export function resolveClientAddress(socketAddress: string | undefined | null, forwardedFor: string | string[] | undefined | null, trusted: TrustedProxies): string {
  let client = normaliseAddress(socketAddress) ?? String(socketAddress ?? '');
  if (!trusted.has(client)) return client;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (!header || typeof header !== 'string') return client;
  const hops = header.slice(0, 64 * MAX_HOPS).split(',');
  for (let i = hops.length - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i -= 1, seen += 1) {
    const hop = normaliseAddress(stripPort(hops[i].trim()));
    if (!hop) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client;
}

/** "203.0.113.7:51234" → "203.0.113.7", "[2001:db8::1]:443" → "2001:db8::1" (some proxies add ports). */
function stripPort(value: string): string {
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? value : value.slice(1, end);
  }
  const colon = value.indexOf(':');
  return colon !== -1 && colon === value.lastIndexOf(':') ? value.slice(0, colon) : value;
}

/** Whether a URL's host is this machine (localhost, 127.0.0.0/8, ::1): demo data is only ever for those. */
export function isLocalUrl(url: string | undefined | null): boolean {
  if (!url) return true;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return parseTrustedProxies('loopback').has(host);
}
