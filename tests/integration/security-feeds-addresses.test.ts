import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startHaven, type Haven } from '../helpers/haven';
import { therapist } from './booking-helpers';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { REFUSED_ADDRESSES } from '../../scripts/security/feeds-corpus.mjs';

const REFUSED = REFUSED_ADDRESSES as [string, string][];
const CALENDAR = 'plugin::booking.external-calendar';
const bracket = (ip: string) => (ip.includes(':') ? `[${ip}]` : ip);

/**
 * Issue 15, item 5: a therapist cannot make the CMS call anything but the public internet. Every
 * special address class (ipaddr.js's ranges; IPv4-compatible, mapped, NAT64, 6to4, Teredo,
 * documentation, reserved …) is refused as bad input (400, nothing written), however it is spelled,
 * without using up the therapist's hourly reads; global unicast addresses are tried.
 */
describe('calendar addresses must be global unicast', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let t: Awaited<ReturnType<typeof therapist>>;
  const count = () => haven.strapi.db.query(CALENDAR).count({ where: { therapistUserId: t.id } });

  beforeAll(async () => {
    haven = await startHaven({ env: { BOOKING_CALENDAR_TIMEOUT_MS: '1500', BOOKING_CALENDAR_POLL_MS: '3600000', BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_READS_PER_HOUR: '5' } });
    api = apiClient(haven.url);
    t = await therapist(haven);
  });
  afterAll(async () => {
    await haven?.close();
  });

  it.each(REFUSED)('refuses %s (%s) with 400 and stores nothing', async (ip) => {
    for (const url of [`https://${bracket(ip)}/cal.ics`, `http://${bracket(ip)}:8080/cal.ics`, `webcal://${bracket(ip)}/cal.ics`]) {
      const res = await api.post('/api/booking/calendars', { url }, t.jwt);
      expect(res.status, url).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual(['url']);
      expect(res.body.error.message).toMatch(/public internet/);
    }
    expect(await count()).toBe(0);
  });

  it('refuses other spellings of loopback and host names that resolve to it', async () => {
    for (const url of ['http://[::127.0.0.1]/', 'http://[::7f00:1]/', 'http://[::ffff:7f00:1]/', 'http://0x7f.1/', 'http://2130706433/', 'http://127.1/', 'http://0/', 'http://017700000001/', 'http://localhost/', 'http://LOCALHOST/', 'http://[0:0:0:0:0:ffff:127.0.0.1]/']) {
      const res = await api.post('/api/booking/calendars', { url }, t.jwt);
      expect(res.status, url).toBe(400);
      expect(res.body.error.message, url).toMatch(/public internet/);
    }
    expect(await count()).toBe(0);
  });
});
