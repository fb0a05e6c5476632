/**
 * Issue 15, item 3: no log line carries a secret. The audit's own CMS logs at `warn`, so this area
 * starts a CMS of its own with the request log on (LOG_LEVEL=http), Stripe configured (its API base
 * on a closed port: calls fail, and their errors are logged too), and reads everything that process
 * prints, start-up included. It signs a person up and follows the confirmation link (and odd
 * spellings of it), logs in, refreshes, puts tokens into query strings and paths, asks for a reset
 * code and uses it, opens the calendar feed in several spellings, sends signed and forged Stripe
 * webhooks; then it looks for every secret value (and any 16 characters of one in a row) in the
 * output, and for the redacted request lines that must be there. The audit's main CMS and site
 * are scanned as well, after a reset link is opened on the site.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const item = '15.3';
export const title = 'secrets out of logs';

/** The text parts of the .eml files in an outbox (quoted-printable undone), newest last. */
function outboxText(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, code) => String.fromCharCode(parseInt(code, 16))).replace(/&amp;/g, '&'));
}

async function waitFor(find, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out');
}

/** Where a secret (or 16 characters of it in a row) shows in `text`, with some context; null if nowhere. */
function leakOf(text, secret) {
  const pieces = secret.length <= 16 ? [secret] : Array.from({ length: secret.length - 15 }, (_, i) => secret.slice(i, i + 16));
  const piece = pieces.find((p) => text.includes(p));
  if (!piece) return null;
  const at = text.indexOf(piece);
  return text.slice(Math.max(0, at - 80), at + 40).replace(/\s+/g, ' ');
}

export async function run(ctx) {
  const { check, cmsEnv, startChild, freePort, json, request, work, ROOT, SITE, CMS } = ctx;
  const outbox = path.join(work, 'logs-outbox');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const stripeKey = `sk_test_${crypto.randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_${crypto.randomBytes(12).toString('hex')}`;
  const env = cmsEnv({
    PORT: String(port),
    LOG_LEVEL: 'http',
    DATABASE_FILENAME: path.join(work, 'logs.db'),
    PUBLIC_SITE_URL: SITE,
    PUBLIC_CMS_URL: base,
    EMAIL_OUTBOX_DIR: outbox,
    AUTH_RATE_LIMIT_MAX: '1000',
    STRIPE_SECRET_KEY: stripeKey,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: `http://127.0.0.1:${await freePort()}`,
  });
  /** kind → values */
  const secrets = new Map();
  const keep = (kind, value) => {
    if (!value) throw new Error(`no ${kind} came back`);
    secrets.set(kind, [...(secrets.get(kind) ?? []), value]);
    return value;
  };
  for (const [name, value] of Object.entries(env)) {
    if (/SECRET|KEY|SALT/.test(name)) for (const part of value.split(',').map((v) => v.replace(/^\d+:/, ''))) if (part.length >= 12) keep('configured keys and salts', part);
  }

  const cms = startChild('the log-scan CMS', ['scripts/security/serve-cms.mjs'], env, (out) => out.includes('READY'));
  try {
    let started = false;
    await check(item, 'a CMS with the request log on (LOG_LEVEL=http) starts', async () => {
      await cms.started;
      started = true;
    });
    if (!started) return;
    const from = () => ({ headers: { 'x-forwarded-for': `198.51.100.${crypto.randomInt(1, 250)}` } });
    const email = `logscan${crypto.randomInt(1e9)}@test.example`;
    const password = 'Str0ng-Passw0rd!';
    let jwt = null;

    await check(item, 'sign-up: the confirmation link and odd spellings of it are followed', async () => {
      const signup = await json(`${base}/api/auth/local/register`, 'POST', { username: `logscan${crypto.randomInt(1e9)}`, email, password, acceptTerms: true }, from());
      if (signup.status !== 200) return `sign-up answered ${signup.status}`;
      const code = keep('confirmation codes', (await waitFor(() => outboxText(outbox).join('\n').match(/email-confirmation\?confirmation=([A-Za-z0-9]+)/)))[1]);
      for (const query of [`Confirmation=${code}x`, `x=1&confirmation=${keep('confirmation codes', crypto.randomBytes(20).toString('hex'))}`, `confirmation[0]=${code}y`]) await request(`${base}/api/auth/email-confirmation?${query}`);
      const confirmed = await request(`${base}/api/auth/email-confirmation?confirmation=${code}`);
      return confirmed.status === 302 || `confirmation answered ${confirmed.status}`;
    });

    await check(item, 'log-in and refresh; tokens sent in query strings and paths', async () => {
      const login = await json(`${base}/api/auth/local`, 'POST', { identifier: email, password }, from());
      jwt = keep('access tokens', login.json?.jwt);
      const refresh = keep('refresh tokens', login.json?.refreshToken);
      const renewed = await json(`${base}/api/auth/refresh`, 'POST', { refreshToken: refresh }, from());
      keep('access tokens', renewed.json?.jwt);
      keep('refresh tokens', renewed.json?.refreshToken);
      for (const query of [`access_token=${jwt}`, `token=${jwt}`, `refresh_token=${refresh}`, `page=1&${jwt}`]) await request(`${base}/api/users/me?${query}`);
      await request(`${base}/api/${jwt}`);
      return renewed.status === 200 || `refresh answered ${renewed.status}`;
    });

    await check(item, 'the calendar feed is opened by its secret address, in several spellings', async () => {
      const created = await json(`${base}/api/booking/feed`, 'POST', {}, { headers: { authorization: `Bearer ${jwt}` } });
      const token = keep('feed tokens', created.json?.data?.url?.split('/').pop()?.replace(/\.ics$/, ''));
      const statuses = [];
      for (const target of [`/api/booking/calendar/${token}.ics`, `/API/Booking/Calendar/${token}.ics`, `/api/booking/calendar/${token}.ics?token=${token}`, `//api/booking//calendar/${token}.ics`]) statuses.push((await request(`${base}${target}`)).status);
      return statuses[0] === 200 || `the feed answered ${statuses.join(', ')}`;
    });

    await check(item, 'forgotten password: the reset code is sent and used', async () => {
      const before = outboxText(outbox).length;
      await json(`${base}/api/auth/forgot-password`, 'POST', { email }, from());
      const code = keep('reset codes', (await waitFor(() => outboxText(outbox).slice(before).join('\n').match(/reset-password\?code=([A-Za-z0-9]+)/)))[1]);
      await request(`${base}/api/auth/reset-password?code=${code}`);
      const reset = await json(`${base}/api/auth/reset-password`, 'POST', { code, password: 'N3w-Passw0rd!!', passwordConfirmation: 'N3w-Passw0rd!!' }, from());
      keep('access tokens', reset.json?.jwt);
      return reset.status === 200 || `reset answered ${reset.status}`;
    });

    await check(item, 'Stripe webhooks: signed (Haven then calls the unreachable API) and forged', async () => {
      const Stripe = createRequire(path.join(ROOT, 'plugins', 'payments', 'package.json'))('stripe');
      const payload = JSON.stringify({ id: `evt_${crypto.randomBytes(8).toString('hex')}`, object: 'event', type: 'checkout.session.completed', created: Math.floor(Date.now() / 1000), data: { object: { id: `cs_test_${crypto.randomBytes(8).toString('hex')}`, object: 'checkout.session', metadata: { havenPayment: 'made-up' } } } });
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
      keep('webhook signatures', signature.split('v1=')[1]);
      const signed = await request(`${base}/api/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
      const forged = `t=${Math.floor(Date.now() / 1000)},v1=${keep('webhook signatures', crypto.randomBytes(32).toString('hex'))}`;
      const refused = await request(`${base}/api/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': forged }, body: payload });
      return (signed.status < 500 && refused.status === 400) || `signed ${signed.status}, forged ${refused.status}`;
    });

    // The audit's main stack: a reset link opened on the site (the code in the page address), never used.
    await check(item, 'the site opens a reset link (the code in its address)', async () => {
      const mainOutbox = path.join(work, 'outbox');
      const before = outboxText(mainOutbox).length;
      await json(`${CMS}/api/auth/forgot-password`, 'POST', { email: 'sam@haven.example' }, from());
      const code = keep('reset codes', (await waitFor(() => outboxText(mainOutbox).slice(before).join('\n').match(/reset-password\?code=([A-Za-z0-9]+)/)))[1]);
      const page = await request(`${SITE}/reset-password?code=${code}`);
      await request(`${SITE}/api/booking/calendar/${code}.ics?token=${code}`);
      return page.status === 200 || `the page answered ${page.status}`;
    });

    await new Promise((resolve) => setTimeout(resolve, 500));
    const logs = { 'log-scan CMS': cms.output(), 'main CMS': ctx.cmsOutput(), site: ctx.siteOutput() };
    for (const [kind, values] of secrets) {
      for (const [where, text] of Object.entries(logs)) {
        await check(item, `no ${kind} in the ${where} log (${values.length} value${values.length === 1 ? '' : 's'})`, () => {
          for (const value of values) {
            const leak = leakOf(text, value);
            if (leak) return `found: …${leak}…`;
          }
          return true;
        });
      }
    }
    const lines = logs['log-scan CMS'];
    for (const [what, pattern] of [
      ['the confirmation request', /GET \/api\/auth\/email-confirmation\?confirmation=\[redacted\] \(\d+ ms\) 302/],
      ['the feed request', /GET \/api\/booking\/calendar\/\[redacted\]\.ics \(\d+ ms\) 200/],
      ['a token in a query string', /GET \/api\/users\/me\?access_token=\[redacted\] \(\d+ ms\) \d{3}/],
      ['the reset request', /POST \/api\/auth\/reset-password \(\d+ ms\) 200/],
      ['the Stripe webhooks', /POST \/api\/payments\/stripe\/webhook \(\d+ ms\) 400/],
    ]) {
      await check(item, `the request log shows ${what}, redacted`, () => pattern.test(lines) || 'no such line');
    }
  } finally {
    await cms.stop();
  }
}
