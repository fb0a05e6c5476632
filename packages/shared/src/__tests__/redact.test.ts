import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuery, redactRequestTarget, redactText, secretsFromEnv } from '../redact';

const token = () => crypto.randomBytes(32).toString('base64url');
const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');
const jwt = () => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify({ id: 7, iat: Date.now() })).toString('base64url')}.${token()}`;

describe('redactRequestTarget', () => {
  const feed = token();
  it.each([
    [`/api/booking/calendar/${feed}.ics`, '/api/booking/calendar/[redacted].ics'],
    [`/API/Booking/Calendar/${feed}.ics`, '/API/Booking/Calendar/[redacted].ics'],
    [`//api//booking//calendar//${feed}.ics`, '//api//booking//calendar//[redacted].ics'],
    [`/api/booking/calendar/${feed}.ics/`, '/api/booking/calendar/[redacted].ics/'],
    [`/api/booking/calendar/${feed}`, '/api/booking/calendar/[redacted]'],
    [`/api/booking/calendar/${feed.slice(0, 10)}.ics`, '/api/booking/calendar/[redacted].ics'],
    [`/api/booking/calendar/${feed}.ics?token=${feed}`, '/api/booking/calendar/[redacted].ics?token=[redacted]'],
    [`/api/booking/calendar/${feed}.ics#x`, '/api/booking/calendar/[redacted].ics'],
    [`/api/anything/${feed}`, '/api/anything/[redacted]'],
    [`/api/auth/email-confirmation?confirmation=${hex(20)}`, '/api/auth/email-confirmation?confirmation=[redacted]'],
    ['/api/auth/email-confirmation?confirmation=short', '/api/auth/email-confirmation?confirmation=[redacted]'],
    [`/reset-password?code=${hex(64)}`, '/reset-password?code=[redacted]'],
    [`/api/users/me?access_token=${jwt()}`, '/api/users/me?access_token=[redacted]'],
    [`/x?refresh_token=${jwt()}&jwt=${jwt()}`, '/x?refresh_token=[redacted]&jwt=[redacted]'],
    ['/x?signature=abc&key=k&secret=s&password=p&Confirmation=c&CODE=c', '/x?signature=[redacted]&key=[redacted]&secret=[redacted]&password=[redacted]&Confirmation=[redacted]&CODE=[redacted]'],
    ['/x?something_new=value', '/x?something_new=[redacted]'],
    ['/x?page=2&pageSize=25&sort=title:asc&locale=en', '/x?page=2&pageSize=25&sort=title:asc&locale=en'],
    ['/x?pagination[page]=2&pagination%5BpageSize%5D=10&populate[0]=avatar', '/x?pagination[page]=2&pagination%5BpageSize%5D=10&populate[0]=avatar'],
    [`/x?sort=${feed}`, '/x?sort=[redacted]'],
    [`/x?page=${'1'.repeat(300)}`, '/x?page=[redacted]'],
    [`/x?${feed}`, '/x?[redacted]'],
    [`/x?${feed}=1`, '/x?[redacted]'],
    ['/x?a%00b=1', '/x?[redacted]'],
    ['/x?flag', '/x?flag'],
    ['/x?', '/x?'],
    ['/api/resources', '/api/resources'],
    ['/api/booking/calendars/abcdefghijklmnop12345678/refresh', '/api/booking/calendars/abcdefghijklmnop12345678/refresh'],
  ])('%s → %s', (target, expected) => {
    expect(redactRequestTarget(target)).toBe(expected);
  });

  it('keeps log lines short: a huge target is cut after redaction', () => {
    const shown = redactRequestTarget(`/x/${'a/'.repeat(5000)}?code=${hex(64)}`);
    expect(shown.length).toBeLessThanOrEqual(1001);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('hides every value of 200 random unknown keys and keeps their names', () => {
    for (let i = 0; i < 200; i += 1) {
      const name = `k${crypto.randomBytes(3).toString('hex')}`;
      const value = crypto.randomBytes(6).toString('base64url');
      expect(redactQuery(`${name}=${value}`)).toBe(`${name}=${REDACTED}`);
    }
  });
});

describe('redactText', () => {
  it.each([
    () => [`fetch https://calendar.example/feed.ics?key=${hex(8)} failed`, 'https://calendar.example/feed.ics?key=[redacted]'],
    () => [`GET /api/booking/calendar/${token()}.ics (3 ms) 200`, 'GET /api/booking/calendar/[redacted].ics (3 ms) 200'],
    () => [`https://calendar.google.com/calendar/ical/me%40x.example/private-${hex(16)}/basic.ics`, 'calendar/[redacted]'],
    () => [`Authorization: Bearer ${jwt()}`, 'Authorization: Bearer [redacted]'],
    () => [`authorization: basic ${Buffer.from('AZ-client:EL-secret').toString('base64')}`, 'authorization: basic [redacted]'],
    () => [`token ${jwt()} expired`, 'token [redacted].[redacted].[redacted] expired'],
    () => [`stripe-signature: t=1700000000,v1=${hex(32)},v0=${hex(32)}`, 'v1=[redacted],v0=[redacted]'],
    // A signature that starts with "/" reads as a path and keeps that one slash ("/[redacted]"), which
    // hides nothing secret but is not this case's expected text: one in 64 random ones did.
    () => [`paypal-transmission-sig: ${crypto.randomBytes(256).toString('base64').replace(/^\//, 'Q')}`, 'paypal-transmission-sig: [redacted]'],
    () => ['key sk_test_haven_standin and whsec_test_x and rk_live_abc', 'key [redacted] and [redacted] and [redacted]'],
    () => ['login with password=hunter2222 failed', 'password=[redacted]'],
    () => ['client_secret=EL-standin-secret&grant_type=client_credentials', 'client_secret=[redacted]'],
    () => ['{"password":"hunter2222","refreshToken":"abc.def"}', '{"password":"[redacted]","refreshToken":"[redacted]"}'],
    () => [`confirmation link http://cms.example/api/auth/email-confirmation?confirmation=${hex(20)}`, '?confirmation=[redacted]'],
    () => [`reset code ${hex(64)}`, 'reset code [redacted]'],
  ])('hides the secret in case %#', (make) => {
    const [text, expected] = make();
    expect(redactText(text)).toContain(expected);
  });

  it('leaves no piece of 2,000 random base64 secrets of 32 bytes or more (any first character, digits or none)', () => {
    for (let i = 0; i < 2000; i += 1) {
      const sig = crypto.randomBytes(32 + (i % 300)).toString(i % 2 ? 'base64' : 'base64url');
      const shown = redactText(`paypal-transmission-sig: ${sig} and /api/x/${sig}`);
      for (let at = 0; at + 10 <= sig.length; at += 1) expect(shown, sig).not.toContain(sig.slice(at, at + 10));
    }
  });

  it.each([
    'GET /api/resources?page=2 (5 ms) 200',
    '[library] search index rebuilt: 12 resources',
    '[booking] calendar abcdefghijklmnop12345678 refresh failed: could not connect',
    '    at Object.handler (/work/main/plugins/booking/dist/server/services/calendars.js:83:15)',
    'Are you sure? yes',
    'mood=4 energy=3',
    '[payments] payment ab12cd34 needs staff: refund failed',
  ])('leaves %j as it was', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('hides known values (configured keys) exactly, wherever they are', () => {
    const known = ['EL-standin-secret', 'short-but-ok'];
    expect(redactText('PayPal said EL-standin-secret is wrong; also short-but-ok.', known)).toBe('PayPal said [redacted] is wrong; also [redacted].');
  });

  it('takes linear time on 200 KB of hostile text for every rule', () => {
    const inputs = ['?'.repeat(200_000), 'a='.repeat(100_000), 'calendar/'.repeat(20_000), 'Bearer '.repeat(30_000), `"a":"`.repeat(40_000), 'a'.repeat(31).concat('.').repeat(6000), 'sk_test_'.repeat(25_000), `${'x'.repeat(63)}=`.repeat(3000)];
    for (const input of inputs) {
      const started = performance.now();
      redactText(input);
      redactRequestTarget(input);
      expect(performance.now() - started, input.slice(0, 20)).toBeLessThan(500);
    }
  });
});

describe('secretsFromEnv', () => {
  it('finds secret-named values, list parts, key parts and URL passwords; ignores the rest', () => {
    const found = secretsFromEnv({
      APP_KEYS: 'keyOne123,keyTwo456',
      CHAT_MASTER_KEYS: '1:c2VjcmV0LWtleS0x',
      STRIPE_SECRET_KEY: 'sk_test_abc',
      DATABASE_URL: 'postgres://haven:p%40ssw0rd@db:5432/haven',
      PAYPAL_CLIENT_ID: 'AZ-public-id',
      PUBLIC_SITE_URL: 'https://haven.example',
      SMTP_PASSWORD: 'tiny',
      LOG_LEVEL: 'http',
    });
    expect(found).toEqual(expect.arrayContaining(['keyOne123,keyTwo456', 'keyOne123', 'keyTwo456', 'c2VjcmV0LWtleS0x', 'sk_test_abc', 'p@ssw0rd']));
    expect(found).not.toContain('AZ-public-id');
    expect(found).not.toContain('https://haven.example');
    expect(found).not.toContain('tiny');
    expect(found).not.toContain('http');
    // Longest first: a whole list is hidden before its parts.
    expect(found.indexOf('keyOne123,keyTwo456')).toBeLessThan(found.indexOf('keyOne123'));
  });
});
