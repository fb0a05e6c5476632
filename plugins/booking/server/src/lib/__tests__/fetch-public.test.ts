import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressRange, fetchCalendar, isPublicAddress, normaliseCalendarUrl, PrivateAddressError } from '../fetch-public';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { ALLOWED_ADDRESSES, REFUSED_ADDRESSES } from '../../../../../../scripts/security/feeds-corpus.mjs';

const REFUSED = REFUSED_ADDRESSES as [string, string][];
const ALLOWED = ALLOWED_ADDRESSES as string[];


describe('external calendar fetches stay on the public internet', () => {
  let server: http.Server;
  let url: string;
  let port: number;
  let raw: net.Server;
  let rawPort: number;
  const sockets = new Set<net.Socket>();
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('BEGIN:VCALENDAR\nEND:VCALENDAR\n'));
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
    url = `http://127.0.0.1:${port}/cal.ics`;
    // Not an HTTP server: what a probe of someone's SSH port would meet.
    raw = net.createServer((socket) => {
      sockets.add(socket);
      socket.end('SSH-2.0-OpenSSH_9.6\r\n');
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', () => resolve()));
    rawPort = (raw.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => raw.close(resolve));
  });

  it.each(REFUSED)('refuses %s (%s)', (ip, range) => {
    expect(addressRange(ip)).toBe(range);
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(ALLOWED)('allows the global unicast address %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it('is not fooled by non-addresses', () => {
    for (const value of ['', 'localhost', '127.1', '0x7f000001', '2130706433', '::ffff:999.0.0.1', 'fe80::1%eth0', '1.2.3.4.5']) expect(isPublicAddress(value), value).toBe(false);
  });

  it('refuses every spelling of a loopback host before connecting', async () => {
    const options = { timeoutMs: 2000, maxBytes: 10_000, allowPrivateHosts: false };
    const spellings = [url, url.replace('127.0.0.1', 'localhost'), `http://[::7f00:1]:${port}/`, `http://[::127.0.0.1]:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::ffff:7f00:1]:${port}/`, `http://0x7f.1:${port}/`, `http://2130706433:${port}/`, `http://127.1:${port}/`, `http://0:${port}/`, `http://[::1]:${port}/`,
      `http://[64:ff9b::7f00:1]:${port}/`, `http://[2002:7f00:1::]:${port}/`, `webcal://127.0.0.1:${port}/`];
    for (const spelling of spellings) {
      await expect(fetchCalendar(spelling, options), spelling).rejects.toBeInstanceOf(PrivateAddressError);
      await expect(fetchCalendar(spelling, options), spelling).rejects.toThrow(/public internet/);
    }
    await expect(fetchCalendar(url, { ...options, allowPrivateHosts: true })).resolves.toContain('BEGIN:VCALENDAR');
  });

  it('reports failed connections in plain words, the same for every kind of port', async () => {
    const options = { timeoutMs: 2000, maxBytes: 10_000, allowPrivateHosts: true };
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const free = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(free));
      });
    });
    const targets = [`http://127.0.0.1:${closed}/`, `https://127.0.0.1:${port}/`, `http://127.0.0.1:${rawPort}/`, `https://127.0.0.1:${rawPort}/`];
    const messages = new Set<string>();
    for (const target of targets) {
      const error = await fetchCalendar(target, options).then(() => null, (err: Error) => err);
      expect(error, target).toBeInstanceOf(Error);
      expect(error!.message, target).toMatch(/could not connect/);
      expect(error!.message, target).not.toMatch(/ECONN|EPROTO|SSL|ssl|wrong version|HPE_|Parse Error|127\.0\.0\.1|\d{4,5}/);
      messages.add(error!.message);
    }
    expect(messages.size).toBe(1);
  });

  it('reads webcal:// as https:// and refuses other schemes and credentials', () => {
    expect(normaliseCalendarUrl('webcal://calendar.example.com/x.ics').protocol).toBe('https:');
    expect(normaliseCalendarUrl('webcals://calendar.example.com/x.ics').protocol).toBe('https:');
    for (const bad of ['file:///etc/passwd', 'ftp://example.com/x.ics', 'gopher://example.com/', 'https://a:b@example.com/x.ics', 'https://a@example.com/x.ics', 'not a url']) {
      expect(() => normaliseCalendarUrl(bad), bad).toThrow();
    }
  });
});
