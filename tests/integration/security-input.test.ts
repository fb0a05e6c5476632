import net from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { request } from '../../scripts/security/http.mjs';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { DRAFT_QUERIES, HOSTILE_QUERIES, badBodies } from '../../scripts/security/cases.mjs';

const require = createRequire(import.meta.url);

/** What an error body must never show: stack frames, SQL, driver or JavaScript error names. */
const INTERNALS = [/\bat [\w.<>]+ \(/, /select .* from/i, /sqlite/i, /postgres|pg_/i, /\b(TypeError|RangeError|SyntaxError|ReferenceError)\b/, /Cannot (destructure|read)/, /node_modules/, /\.js:\d+/];

function expectClientError(res: { status: number; text: string; json: any }, label: string) {
  expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
  for (const pattern of INTERNALS) expect(res.text, `${label} leaks ${pattern}`).not.toMatch(pattern);
}

/**
 * Issue 7, items 5, 8 and 9: stock routes answer bad bodies, bad encodings and hostile query
 * strings with a 4xx that explains and echoes nothing internal; the public content API serves
 * published content only, whatever the query asks; demo accounts never meet a public address.
 */
describe('bad input, drafts and safe defaults', () => {
  let haven: Haven;
  let client: Awaited<ReturnType<typeof createUser>>;
  let therapist: Awaited<ReturnType<typeof createUser>>;
  let published: { documentId: string };
  let draftOnly: { documentId: string };
  let category: { documentId: string };

  beforeAll(async () => {
    haven = await startHaven({ seedDemo: true, env: { AUTH_RATE_LIMIT_MAX: '100000', LOGIN_LOCKOUT_ACCOUNT_FAILURES: '100000', LOGIN_LOCKOUT_ADDRESS_FAILURES: '100000' } });
    client = await createUser(haven, 'client');
    therapist = await createUser(haven, 'therapist');
    const documents = haven.strapi.documents('api::resource.resource');
    category = await haven.strapi.db.query('api::category.category').findOne({ where: { slug: 'sleep' } });
    published = await documents.create({ data: { title: 'Published title PUBLIC-1', slug: 'security-published', kind: 'article', body: 'Public text', categories: [category.documentId] } });
    await documents.publish({ documentId: published.documentId });
    await documents.update({ documentId: published.documentId, data: { title: 'Unpublished edit SECRET-DRAFT-1', body: 'SECRET-DRAFT-1 body' } });
    draftOnly = await documents.create({ data: { title: 'Never published SECRET-DRAFT-2', slug: 'security-draft-only', kind: 'article', body: 'SECRET-DRAFT-2', categories: [category.documentId] } });
  });
  afterAll(async () => haven?.close());

  const postRoutes = (): [string, string, string?][] => [
    ['POST', '/api/auth/local'],
    ['POST', '/api/auth/local/register'],
    ['POST', '/api/auth/forgot-password'],
    ['POST', '/api/auth/reset-password'],
    ['POST', '/api/auth/change-password', client.jwt],
    ['POST', '/api/auth/send-email-confirmation'],
    ['POST', '/api/auth/refresh'],
    ['POST', '/admin/login'],
    ['POST', '/admin/forgot-password'],
    ['POST', '/admin/reset-password'],
    ['POST', '/admin/register'],
    ['PUT', '/api/profiles/me', client.jwt],
    ['POST', '/api/profiles/me/avatar', client.jwt],
    ['PUT', '/api/therapist-profiles/me', therapist.jwt],
  ];

  it('answers every malformed body on the stock and Haven routes with a 4xx that shows nothing internal', async () => {
    for (const [method, path, jwt] of postRoutes()) {
      for (const [label, headers, body] of badBodies() as [string, Record<string, string>, string | Buffer | undefined][]) {
        const res = await request(`${haven.url}${path}`, { method, body, noLength: 'transfer-encoding' in headers, headers: { ...headers, ...(jwt ? { authorization: `Bearer ${jwt}` } : {}) } });
        // An empty update of one's own profile is a valid request that changes nothing.
        if (res.status === 200 && path.endsWith('/me') && method === 'PUT' && (body === undefined || body === '')) continue;
        expectClientError(res, `${method} ${path} with ${label}`);
        if (res.json?.error) expect(typeof res.json.error.message, `${path} ${label}`).toBe('string');
      }
    }
    // The server is still fine afterwards.
    expect((await request(`${haven.url}/_health`)).status).toBe(204);
  });

  it('refuses hostile query strings on the stock content API with a 400 that names the parameter', async () => {
    const paths = ['/api/resources', `/api/resources/${published.documentId}`, '/api/categories', `/api/categories/${category.documentId}`];
    for (const path of paths) {
      for (const query of HOSTILE_QUERIES as string[]) {
        const res = await request(`${haven.url}${path}?${query}`);
        expectClientError(res, `${path}?${query}`);
        expect(res.status, `${path}?${query}`).toBe(400);
      }
    }
    // Ordinary queries keep working.
    for (const query of ['filters[slug][$eq]=security-published', 'filters[categories][slug][$eq]=sleep', 'filters[$or][0][title][$containsi]=published&filters[$or][1][slug][$eq]=x', 'pagination[page]=1&pagination[pageSize]=5', 'sort=title:asc', 'fields[0]=title', 'populate[categories][fields][0]=name', 'filters[id][$between][0]=1&filters[id][$between][1]=100']) {
      const res = await request(`${haven.url}/api/resources?${query}`);
      expect(res.status, `${query}: ${res.text.slice(0, 200)}`).toBe(200);
    }
  });

  it('refuses a NUL byte anywhere in the path with a 400, whoever asks and whatever the route', async () => {
    const paths = ['/api/auth/sessions/%00', '/api/auth/sessions/%00%01%1F', '/api/auth/sessions/abc%00def', '/api/resources/%00', '/api/therapist-profiles/x%00',
      '/api/booking/bookings/%00', '/api/community/posts/%00', '/api/library/resources/a%00b/views', '/admin/users/%00', '/audit/entries%00', '/uploads/%00.png', '/api/resources%00'];
    for (const path of paths) {
      for (const method of ['GET', 'DELETE', 'POST']) {
        const res = await request(`${haven.url}${path}`, { method, ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) });
        expect(res.status, `${method} ${path}`).toBe(400);
        expect(res.text, `${method} ${path}`).toContain('NUL');
      }
    }
    // A percent sign that is not a NUL still reaches the routes.
    const fine = await request(`${haven.url}/api/resources?filters[title][$containsi]=%2500`);
    expect(fine.status).toBe(200);
  });

  it("refuses methods nobody uses (TRACE and friends) with a 405 (or the 400 of Node's own parser)", async () => {
    for (const method of ['TRACE', 'PROPFIND', 'MOVE', 'LOCK', 'PURGE']) {
      const res = await request(`${haven.url}/api/resources`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow, method).toContain('GET');
    }
    // CONNECT never reaches the router; it is answered all the same.
    const url = new URL(haven.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => socket.write('CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 405/);
    for (const method of ['TRACK', 'FOO']) {
      const res = await request(`${haven.url}/api/resources`, { method });
      expect([400, 405], method).toContain(res.status);
    }
  });

  it('serves published content only, whatever the query says, nested content included', async () => {
    const paths = ['/api/resources', `/api/resources/${published.documentId}`, `/api/resources/${draftOnly.documentId}`, '/api/categories?populate=resources', `/api/categories/${category.documentId}?populate=*`];
    for (const path of paths) {
      for (const query of ['', ...(DRAFT_QUERIES as string[])]) {
        const url = `${haven.url}${path}${path.includes('?') ? '&' : '?'}${query}`;
        const res = await request(url);
        expect([200, 400, 404], url).toContain(res.status);
        expect(res.text, url).not.toContain('SECRET-DRAFT');
      }
    }
    const list = await request(`${haven.url}/api/resources?status=draft&filters[slug][$eq]=security-published`);
    expect(list.json.data.map((r: any) => r.title)).toEqual(['Published title PUBLIC-1']);
    expect((await request(`${haven.url}/api/resources/${draftOnly.documentId}?status=draft`)).status).toBe(404);
    const nested = await request(`${haven.url}/api/categories/${category.documentId}?populate=resources&status=draft`);
    const titles = nested.json.data.resources.map((r: any) => r.title);
    expect(titles).toContain('Published title PUBLIC-1');
  });

  it('makes no redirect from user input on the CMS', async () => {
    const cases = [
      '/api/connect/github?callback=https://evil.example',
      '/api/connect/github?callback=//evil.example',
      '/api/auth/email-confirmation?confirmation=bogus',
      '/api/auth/email-confirmation?confirmation[$ne]=x',
      '/api/auth/email-confirmation',
    ];
    for (const path of cases) {
      const res = await request(`${haven.url}${path}`);
      expectClientError(res, path);
      expect(res.headers.location ?? '', path).not.toContain('evil');
    }
  });

  it('seeds demo data only when asked, and never beside a public address', async () => {
    const { shouldSeedDemo } = require('../../cms/dist/src/bootstrap/demo-seed.js');
    const { refuseDemoAccountsInPublic } = require('../../cms/dist/src/bootstrap/demo-guard.js');
    const saved = { NODE_ENV: process.env.NODE_ENV, HAVEN_SEED_DEMO: process.env.HAVEN_SEED_DEMO, PUBLIC_SITE_URL: process.env.PUBLIC_SITE_URL, PUBLIC_CMS_URL: process.env.PUBLIC_CMS_URL };
    try {
      const seeds = (env: Record<string, string | undefined>) => {
        for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
        return shouldSeedDemo();
      };
      expect(seeds({ NODE_ENV: 'development', HAVEN_SEED_DEMO: undefined })).toBe(false);
      expect(seeds({ NODE_ENV: 'development', HAVEN_SEED_DEMO: '' })).toBe(false);
      expect(seeds({ NODE_ENV: 'development', HAVEN_SEED_DEMO: '1' })).toBe(false);
      expect(seeds({ NODE_ENV: 'development', HAVEN_SEED_DEMO: 'true' })).toBe(true);
      expect(seeds({ NODE_ENV: 'production', HAVEN_SEED_DEMO: 'true' })).toBe(false);

      // This database holds the demo accounts (seeded above).
      process.env.PUBLIC_CMS_URL = 'http://127.0.0.1:1337';
      for (const local of ['http://localhost:4321', 'http://127.0.0.1:4321', 'http://[::1]:4321', 'http://site.localhost', 'http://127.8.9.10']) {
        process.env.PUBLIC_SITE_URL = local;
        await expect(refuseDemoAccountsInPublic(haven.strapi, false), local).resolves.toBeUndefined();
      }
      for (const outside of ['https://clinic.example', 'http://10.0.0.5:4321', 'http://192.168.1.20', 'https://haven.example.org', 'http://[2001:db8::1]/', 'not a url']) {
        process.env.PUBLIC_SITE_URL = outside;
        await expect(refuseDemoAccountsInPublic(haven.strapi, false), outside).rejects.toThrow(/Refusing to start.*admin@haven\.example/);
        await expect(refuseDemoAccountsInPublic(haven.strapi, true), outside).rejects.toThrow(/HAVEN_SEED_DEMO=true/);
      }
      process.env.PUBLIC_SITE_URL = 'http://localhost:4321';
      process.env.PUBLIC_CMS_URL = 'https://cms.clinic.example';
      await expect(refuseDemoAccountsInPublic(haven.strapi, false)).rejects.toThrow(/Refusing to start/);
    } finally {
      for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
    }
  });

  it('still serves the demo data to ordinary requests', async () => {
    const res = await apiClient(haven.url).get('/api/resources?pagination[pageSize]=100');
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(5);
  });
});
