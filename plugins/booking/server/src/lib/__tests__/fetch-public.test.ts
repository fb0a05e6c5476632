import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCalendar, isPublicAddress, normaliseCalendarUrl } from '../fetch-public';

describe('external calendar fetches stay on the public internet', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('BEGIN:VCALENDAR\nEND:VCALENDAR\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cal.ics`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('classifies addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(ip), ip).toBe(true);
  });

  it('refuses loopback unless private hosts are allowed', async () => {
    await expect(fetchCalendar(url, { timeoutMs: 2000, maxBytes: 10_000, allowPrivateHosts: false })).rejects.toThrow(/private or local network/);
    await expect(fetchCalendar(url.replace('127.0.0.1', 'localhost'), { timeoutMs: 2000, maxBytes: 10_000, allowPrivateHosts: false })).rejects.toThrow(/private or local/);
    await expect(fetchCalendar(url, { timeoutMs: 2000, maxBytes: 10_000, allowPrivateHosts: true })).resolves.toContain('BEGIN:VCALENDAR');
  });

  it('reads webcal:// as https:// and refuses other schemes and credentials', () => {
    expect(normaliseCalendarUrl('webcal://calendar.example.com/x.ics').protocol).toBe('https:');
    expect(() => normaliseCalendarUrl('file:///etc/passwd')).toThrow();
    expect(() => normaliseCalendarUrl('https://a:b@example.com/x.ics')).toThrow();
  });
});
