#!/usr/bin/env node
/**
 * `npm run audit:security`: starts its own Haven — the CMS and the site on free loopback ports, a
 * temporary SQLite database with the demo accounts — and fires the attack cases of issue 7 at it:
 * uploads, passwords and stalls, forged client addresses and lock-outs, open redirects, drafts,
 * malformed requests, and the safe defaults of a start. Prints one line per case and exits 1 if any
 * fails. Builds nothing itself: run `npm run build` first (CI does).
 * Community screening and alias history (items 6 and 7) are tested by the community plugin's suite.
 * The harness (recording cases, starting children, the closing table) is security/harness.mjs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { json, request, worstHealthDuring } from './security/http.mjs';
import { loadAreas } from './security/areas/index.mjs';
import { BAD_PASSWORDS, DRAFT_QUERIES, HOSTILE_QUERIES, NEXT_BYPASSES, badBodies, carriesSecret, uploadSamples } from './security/cases.mjs';
import { ROOT, check, cmsEnv, cookiesOf, freePort, killChildren, leaksInternals, record, startChild, summarize } from './security/harness.mjs';

const DEMO_PASSWORD = JSON.parse(fs.readFileSync(path.join(ROOT, 'database', 'seed', 'demo.json'), 'utf8')).password;

const areas = await loadAreas();

async function main() {
  for (const built of ['cms/dist/src/index.js', 'site/dist/server/entry.mjs', 'packages/shared/dist/cjs/server/net.js']) {
    if (!fs.existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-audit-'));
  const database = path.join(work, 'haven.db');
  const cmsPort = await freePort();
  const sitePort = await freePort();
  const CMS = `http://127.0.0.1:${cmsPort}`;
  const SITE = `http://127.0.0.1:${sitePort}`;
  const planted = [];
  console.log(`Haven security audit: CMS ${CMS}, site ${SITE}, database ${database}\n`);

  const cms = startChild('the CMS', ['scripts/security/serve-cms.mjs'], cmsEnv({ PORT: String(cmsPort), DATABASE_FILENAME: database, HAVEN_SEED_DEMO: 'true', PUBLIC_SITE_URL: SITE, PUBLIC_CMS_URL: CMS, EMAIL_OUTBOX_DIR: path.join(work, 'outbox'), AUTH_RATE_LIMIT_MAX: '1000' }), (out) => out.includes('READY'));
  await cms.started;
  const site = startChild('the site', ['site/server.mjs'], { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(sitePort), CMS_URL: CMS, PUBLIC_CMS_URL: CMS, TRUSTED_PROXIES: '127.0.0.1', ASTRO_TELEMETRY_DISABLED: '1' }, async () => (await request(`${SITE}/`, { timeoutMs: 2000 }).catch(() => ({ status: 0 }))).status === 200);
  await site.started;

  try {
    const login = async (identifier, password, localAddress = '127.0.0.1') => json(`${CMS}/api/auth/local`, 'POST', { identifier, password }, { localAddress, headers: { 'x-forwarded-for': `198.51.100.${crypto.randomInt(1, 250)}` } });
    const adminLogin = async (email, password, localAddress = '127.0.0.1') => json(`${CMS}/admin/login`, 'POST', { email, password }, { localAddress });
    const alex = (await login('alex@haven.example', DEMO_PASSWORD)).json?.jwt;
    const editor = (await adminLogin('editor@haven.example', DEMO_PASSWORD)).json?.data?.token;
    const admin = (await adminLogin('admin@haven.example', DEMO_PASSWORD)).json?.data?.token;
    if (!alex || !editor || !admin) throw new Error('the demo accounts could not log in');

    // ---- 1. Uploads ---------------------------------------------------------------------------
    const samples = await uploadSamples();
    const served = async (url, format) => {
      const res = await request(`${CMS}${url}`);
      if (res.status !== 200) return `GET ${url}: ${res.status}`;
      if (res.headers['x-content-type-options'] !== 'nosniff') return 'no nosniff';
      if (!String(res.headers['content-security-policy']).includes('sandbox')) return 'no sandboxing CSP';
      if (format === 'pdf') return res.headers['content-disposition'] === 'attachment' || 'a PDF is not a download';
      if (!String(res.headers['content-type']).startsWith('image/')) return `served as ${res.headers['content-type']}`;
      return !carriesSecret(Buffer.from(res.text, 'latin1')) || 'metadata kept';
    };
    const multipart = (field, filename, type, bytes) => {
      const boundary = `----haven${crypto.randomBytes(8).toString('hex')}`;
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename.replace(/"/g, '')}"\r\nContent-Type: ${type}\r\n\r\n`);
      return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]) };
    };
    for (const [label, filename, declared, bytes, expected] of samples) {
      const wanted = expected === 'pdf' ? 'reject' : expected;
      await check(1, `avatar: ${label}`, async () => {
        const form = multipart('avatar', filename, declared, bytes);
        const res = await request(`${CMS}/api/profiles/me/avatar`, { method: 'POST', headers: { ...form.headers, authorization: `Bearer ${alex}` }, body: form.body });
        if (wanted === 'reject') return res.status === 400 || `answered ${res.status}`;
        if (res.status !== 200) return `answered ${res.status} ${res.text.slice(0, 120)}`;
        const url = res.json.data.avatarUrl;
        if (!url.endsWith(`.${wanted}`)) return `stored as ${url}`;
        return served(url, wanted);
      });
      await check(1, `media library (editor): ${label}`, async () => {
        const form = multipart('files', filename, declared, bytes);
        const res = await request(`${CMS}/upload`, { method: 'POST', headers: { ...form.headers, authorization: `Bearer ${editor}` }, body: form.body });
        if (expected === 'reject') return res.status === 400 || `answered ${res.status}`;
        if (res.status !== 201) return `answered ${res.status} ${res.text.slice(0, 120)}`;
        const [file] = res.json;
        if (file.ext !== `.${expected}`) return `stored as ${file.ext}`;
        return served(file.url, expected);
      });
    }
    const uploads = path.join(ROOT, 'cms', 'public', 'uploads');
    fs.mkdirSync(uploads, { recursive: true });
    for (const ext of ['html', 'svg', 'xml', 'js']) {
      await check(1, `a stored .${ext} file is a sandboxed download`, async () => {
        const name = `audit-${crypto.randomBytes(4).toString('hex')}.${ext}`;
        fs.writeFileSync(path.join(uploads, name), '<script>alert(1)</script>');
        planted.push(path.join(uploads, name));
        const res = await request(`${CMS}/uploads/${name}`);
        const h = res.headers;
        return (h['content-disposition'] === 'attachment' && h['content-type'] === 'application/octet-stream' && h['x-content-type-options'] === 'nosniff' && String(h['content-security-policy']).includes('sandbox')) || JSON.stringify(h);
      });
    }

    // ---- 2. Passwords, stalls, sizes ------------------------------------------------------------
    for (const [label, password] of BAD_PASSWORDS) {
      const routes = [
        ['/api/auth/local', { identifier: 'sam@haven.example', password }],
        ['/api/auth/local/register', { username: `audit${crypto.randomInt(1e9)}`, email: `audit${crypto.randomInt(1e9)}@test.example`, password }],
        ['/api/auth/reset-password', { code: 'x'.repeat(40), password, passwordConfirmation: password }],
        ['/api/auth/change-password', { currentPassword: password, password: 'N3w-Passw0rd!', passwordConfirmation: 'N3w-Passw0rd!' }, alex],
        ['/admin/login', { email: 'nobody@test.example', password }],
        ['/admin/reset-password', { resetPasswordToken: 'x'.repeat(40), password }],
      ];
      for (const [route, body, jwt] of routes) {
        await check(2, `password with ${label} on ${route}`, async () => {
          const res = await json(`${CMS}${route}`, 'POST', body, { headers: jwt ? { authorization: `Bearer ${jwt}` } : {} });
          return ((res.status === 400 || res.status === 413) && res.ms < 500) || `${res.status} in ${res.ms.toFixed(0)} ms`;
        });
      }
    }
    await check(2, '/_health answers within 1 s during 40 concurrent log-ins and 40 lone-surrogate passwords', async () => {
      const worst = await worstHealthDuring(CMS, () =>
        Promise.all([
          ...Array.from({ length: 40 }, (_, i) => login(`nobody-${i}@test.example`, 'Wr0ng-password')),
          // From an address of their own: Strapi's limit (10 a minute per account and address) must not
          // still hold Sam's log-in from the default address when a later area signs Sam in.
          ...Array.from({ length: 40 }, () => login('sam@haven.example', 'x\ud800'.repeat(50), '127.0.0.7')),
        ]), 50);
      return worst < 1000 || `slowest /_health: ${worst.toFixed(0)} ms`;
    });
    for (const [route, bytes] of [['/api/auth/local', 9 * 1024], ['/admin/login', 9 * 1024], ['/api/auth/local/register', 17 * 1024]]) {
      await check(2, `a ${Math.round(bytes / 1024)} KB body on ${route} is refused before parsing`, async () => {
        const res = await json(`${CMS}${route}`, 'POST', { email: 'a@b.example', identifier: 'a', password: 'b', pad: 'x'.repeat(bytes) });
        return res.status === 413 || `answered ${res.status}`;
      });
    }

    // ---- 3. Forged client addresses and lock-outs -----------------------------------------------
    await check(3, 'site log-in: forged X-Forwarded-For from a stranger does not reset the lock-out (CMS)', async () => {
      const statuses = [];
      for (let i = 0; i < 8; i += 1) statuses.push((await login('sam@haven.example', `guess-${i}`, '127.0.0.9')).status);
      return (statuses.slice(0, 5).every((s) => s === 400) && statuses.slice(5).every((s) => s === 429)) || statuses.join(',');
    });
    await check(3, 'admin log-in: forged X-Forwarded-For does not reset the lock-out', async () => {
      const statuses = [];
      for (let i = 0; i < 8; i += 1) statuses.push((await json(`${CMS}/admin/login`, 'POST', { email: 'mod@haven.example', password: `Guess-${i}-x` }, { localAddress: '127.0.0.10', headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status);
      return (statuses.slice(0, 5).every((s) => s === 400) && statuses.slice(5).every((s) => s === 429)) || statuses.join(',');
    });
    await check(3, 'the right password waits out an account lock-out', async () => {
      const res = await login('sam@haven.example', DEMO_PASSWORD, '127.0.0.20');
      return (res.status === 429 && Number(res.headers['retry-after']) > 0) || `answered ${res.status}`;
    });
    const siteLogin = async (identifier, password, localAddress, next = '/profile') => {
      const body = new URLSearchParams({ identifier, password }).toString();
      return request(`${SITE}/login?next=${encodeURIComponent(next)}`, { method: 'POST', localAddress, body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE, 'x-forwarded-for': `203.0.113.${crypto.randomInt(1, 250)}` } });
    };
    await check(3, 'through the site: each visitor is their own address, forged headers or not', async () => {
      const statuses = [];
      for (let i = 0; i < 22; i += 1) statuses.push((await siteLogin(`nobody-${i}-${crypto.randomInt(1e6)}@test.example`, 'Wr0ng-password', '127.0.0.30')).status);
      const other = (await siteLogin(`nobody-x-${crypto.randomInt(1e6)}@test.example`, 'Wr0ng-password', '127.0.0.31')).status;
      return (statuses.slice(0, 20).every((s) => s === 400) && statuses.slice(20).every((s) => s === 429) && other === 400) || `${statuses.join(',')} / other visitor ${other}`;
    });

    // ---- 4. Open redirects --------------------------------------------------------------------
    const signedIn = await siteLogin('alex@haven.example', DEMO_PASSWORD, '127.0.0.40');
    const cookie = cookiesOf(signedIn);
    await check(4, 'the site log-in works and returns to a path on the site', () => (signedIn.status === 303 && signedIn.headers.location === '/profile') || `${signedIn.status} ${signedIn.headers.location}`);
    for (const next of NEXT_BYPASSES) {
      await check(4, `next=${JSON.stringify(next).slice(0, 50)} stays on the site`, async () => {
        const res = await request(`${SITE}/login?next=${encodeURIComponent(next)}`, { headers: { cookie } });
        const location = res.headers.location ?? '';
        const target = new URL(location, SITE);
        return (res.status >= 300 && res.status < 400 && target.origin === SITE && !location.startsWith('//') && !location.startsWith('/\\')) || `${res.status} → ${location}`;
      });
    }
    for (const next of ['/.//evil.example', '//evil.example', 'javascript:alert(1)']) {
      await check(4, `logging in with next=${next} stays on the site`, async () => {
        const res = await siteLogin('alex@haven.example', DEMO_PASSWORD, '127.0.0.41', next);
        // An unsafe ?next= falls back to the person's home page (where a log-in without ?next= lands).
        return (res.status === 303 && res.headers.location === '/home') || `${res.status} → ${res.headers.location}`;
      });
    }
    await check(4, 'the CMS redirects nowhere on user input (OAuth callback)', async () => {
      const res = await request(`${CMS}/api/connect/github?callback=https://evil.example`);
      return (res.status >= 400 && res.status < 500 && !String(res.headers.location ?? '').includes('evil')) || `${res.status} ${res.headers.location}`;
    });

    // ---- 5. Drafts ------------------------------------------------------------------------------
    const created = await json(`${CMS}/content-manager/collection-types/api::resource.resource`, 'POST', { title: 'Audit draft AUDIT-DRAFT', slug: `audit-draft-${crypto.randomInt(1e9)}`, kind: 'article', body: 'AUDIT-DRAFT' }, { headers: { authorization: `Bearer ${admin}` } });
    const draftId = created.json?.data?.documentId;
    await check(5, 'a draft can be made in the admin (setup)', () => Boolean(draftId) || `${created.status} ${created.text.slice(0, 200)}`);
    for (const query of ['', ...DRAFT_QUERIES]) {
      for (const base of ['/api/resources', `/api/resources/${draftId}`, '/api/categories?populate=resources']) {
        await check(5, `GET ${base}${query ? ` with ${query}` : ''} shows no draft`, async () => {
          const res = await request(`${CMS}${base}${base.includes('?') ? '&' : '?'}${query}`);
          return (res.status < 500 && !res.text.includes('AUDIT-DRAFT')) || `${res.status}`;
        });
      }
    }

    // ---- 9. Malformed requests ------------------------------------------------------------------
    for (const route of ['/api/auth/local', '/api/auth/local/register', '/admin/login', '/api/auth/forgot-password']) {
      for (const [label, headers, body] of badBodies()) {
        await check(9, `${route} with ${label}`, async () => {
          const res = await request(`${CMS}${route}`, { method: 'POST', headers, body, noLength: 'transfer-encoding' in headers });
          return (res.status >= 400 && res.status < 500 && !leaksInternals(res.text)) || `${res.status} ${res.text.slice(0, 120)}`;
        });
      }
    }
    for (const query of HOSTILE_QUERIES) {
      await check(9, `GET /api/resources?${query.slice(0, 60)}`, async () => {
        const res = await request(`${CMS}/api/resources?${query}`);
        return res.status === 400 || `${res.status} ${res.text.slice(0, 120)}`;
      });
    }
    for (const [target, label] of [[SITE, 'site'], [CMS, 'CMS']]) {
      await check(9, `TRACE on the ${label} answers 405`, async () => (await request(`${target}/`, { method: 'TRACE' })).status === 405 || 'not 405');
    }
    await check(9, 'a sign-up display name of 60 emoji is counted in code points', async () => {
      const res = await json(`${CMS}/api/auth/local/register`, 'POST', { username: `emoji${crypto.randomInt(1e9)}`, email: `emoji${crypto.randomInt(1e9)}@test.example`, password: 'Str0ng-Passw0rd!', displayName: '😀'.repeat(60), acceptTerms: true });
      return res.status === 200 || `${res.status} ${res.text.slice(0, 120)}`;
    });

    // ---- Later areas (hostile feeds, logs, sockets, …): one module each in security/areas/ ----------
    const ctx = { CMS, SITE, ROOT, work, DEMO_PASSWORD, check, login, adminLogin, siteLogin, json, request, worstHealthDuring, startChild, cmsEnv, freePort, cmsOutput: () => cms.output(), siteOutput: () => site.output() };
    for (const area of areas) await area.run(ctx);
  } finally {
    for (const file of planted) fs.rmSync(file, { force: true });
    await site.stop();
    await cms.stop();
  }

  // ---- 8. Safe defaults: what a plain start does --------------------------------------------------
  await check(8, 'a start without HAVEN_SEED_DEMO seeds no demo accounts', async () => {
    const port = await freePort();
    const fresh = startChild('a fresh CMS', ['scripts/security/serve-cms.mjs'], cmsEnv({ PORT: String(port), DATABASE_FILENAME: path.join(work, 'fresh.db'), PUBLIC_SITE_URL: 'https://clinic.example', PUBLIC_CMS_URL: 'https://cms.clinic.example', EMAIL_OUTBOX_DIR: path.join(work, 'outbox') }), (out) => out.includes('READY'));
    try {
      await fresh.started;
      const init = await request(`http://127.0.0.1:${port}/admin/init`);
      const demo = await json(`http://127.0.0.1:${port}/api/auth/local`, 'POST', { identifier: 'alex@haven.example', password: DEMO_PASSWORD });
      return (init.json?.data?.hasAdmin === false && demo.status === 400) || `hasAdmin ${init.json?.data?.hasAdmin}, demo log-in ${demo.status}`;
    } finally {
      await fresh.stop();
    }
  });
  for (const [label, extra] of [
    ['demo accounts in the database and a public site URL', { DATABASE_FILENAME: database, PUBLIC_SITE_URL: 'https://clinic.example' }],
    ['HAVEN_SEED_DEMO=true and a public site URL', { DATABASE_FILENAME: path.join(work, 'seed.db'), HAVEN_SEED_DEMO: 'true', PUBLIC_SITE_URL: 'https://clinic.example' }],
  ]) {
    await check(8, `refuses to start with ${label}`, async () => {
      const port = await freePort();
      const refused = startChild('a public CMS', ['scripts/security/serve-cms.mjs'], cmsEnv({ PORT: String(port), EMAIL_OUTBOX_DIR: path.join(work, 'outbox'), ...extra }), (out) => out.includes('READY'));
      const outcome = await refused.started.then(() => 'started', (error) => error.message);
      await refused.stop();
      return (outcome !== 'started' && /Refusing to start/.test(outcome)) || outcome.slice(0, 300);
    });
  }
  fs.rmSync(work, { recursive: true, force: true });
}

const began = Date.now();
try {
  await main();
} catch (error) {
  record('-', 'the audit itself', false, error?.message ?? String(error));
} finally {
  killChildren();
}
process.exit(summarize(areas, began));
