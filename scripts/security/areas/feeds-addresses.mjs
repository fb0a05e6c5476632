/**
 * Issue 15, item 5: calendar addresses must be global unicast. Against the audit's CMS (private
 * hosts refused, as in production), Dr. Chen tries every special address class that
 * ipaddr.js names — loopback, private, CGNAT, link-local, documentation, benchmarking, reserved,
 * multicast, IPv4-mapped and -compatible (`::7f00:1`), NAT64, 6to4, Teredo, ORCHID, discard … — and
 * other spellings of loopback (`0x7f.1`, `2130706433`, `localhost`): each is 400 and stores nothing.
 * Jordan (a pending therapist) then meets the hourly read limit: host names cost a read (a DNS
 * lookup), so the 21st in an hour answers 429 with Retry-After.
 */
import { REFUSED_ADDRESSES } from '../feeds-corpus.mjs';

export const item = '15.5';
export const title = 'calendar address classes';

const bracket = (ip) => (ip.includes(':') ? `[${ip}]` : ip);

export async function run(ctx) {
  const { CMS, DEMO_PASSWORD, check, login, json, request } = ctx;
  const chen = (await login('dr.chen@haven.example', DEMO_PASSWORD)).json?.jwt;
  const jordan = (await login('jordan@haven.example', DEMO_PASSWORD)).json?.jwt;
  const as = (jwt) => ({ headers: { authorization: `Bearer ${jwt}` } });
  const count = async (jwt) => ((await request(`${CMS}/api/booking/calendars`, as(jwt))).json?.data ?? []).length;
  const before = await count(chen);

  for (const [ip, range] of REFUSED_ADDRESSES) {
    await check(item, `calendar at ${ip} (${range}) is refused with 400`, async () => {
      for (const url of [`https://${bracket(ip)}/cal.ics`, `http://${bracket(ip)}:8080/cal.ics`, `webcal://${bracket(ip)}/cal.ics`]) {
        const res = await json(`${CMS}/api/booking/calendars`, 'POST', { url }, as(chen));
        if (res.status !== 400 || !/public internet/.test(res.json?.error?.message ?? '')) return `${url}: ${res.status} ${res.text.slice(0, 160)}`;
      }
      return true;
    });
  }
  await check(item, 'other spellings of loopback are refused too', async () => {
    for (const url of ['http://[::127.0.0.1]/', 'http://[::7f00:1]/', 'http://[::ffff:7f00:1]/', 'http://0x7f.1/', 'http://2130706433/', 'http://127.1/', 'http://0/', 'http://017700000001/', 'http://[0:0:0:0:0:ffff:127.0.0.1]/']) {
      const res = await json(`${CMS}/api/booking/calendars`, 'POST', { url }, as(chen));
      if (res.status !== 400) return `${url}: ${res.status}`;
    }
    return true;
  });
  await check(item, 'nothing was stored for any refused address', async () => (await count(chen)) === before || 'a calendar was stored');

  await check(item, 'host names cost a read: the 21st in an hour answers 429 with Retry-After', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await json(`${CMS}/api/booking/calendars`, 'POST', { url: `http://localhost/${i}.ics` }, as(jordan));
      if (res.status !== 400) return `localhost #${i + 1}: ${res.status}`;
    }
    const res = await json(`${CMS}/api/booking/calendars`, 'POST', { url: 'http://localhost/21.ics' }, as(jordan));
    if (res.status !== 429) return `21st: ${res.status}`;
    return Number(res.headers['retry-after']) > 0 || 'no Retry-After';
  });
}
