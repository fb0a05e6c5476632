/**
 * Boots a real Haven CMS (compiled Strapi + plugins) for one test file, on its own temporary SQLite
 * file or, when DATABASE_CLIENT=postgres, its own freshly created PostgreSQL database.
 * Run `npm run build:cms` first (the test script does): Strapi loads only compiled JavaScript.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Shared with the benches: PostgreSQL databases, free ports, a quiet Strapi with fresh secrets.
import { createPgDatabase } from '../../bench/lib/database.mjs';
import { freePort } from '../../bench/lib/http.mjs';
import { assertCompiled, createStrapiApp, listen, strapiSecrets } from '../../bench/lib/strapi.mjs';

export { freePort };
export const ROOT = path.resolve(__dirname, '..', '..');

export interface Haven {
  strapi: any;
  url: string;
  dbClient: 'sqlite' | 'postgres';
  /** The database this Strapi runs on: pass it to another startHaven to restart on the same data. */
  database: HavenDatabase;
  /** Stops Strapi; drops the database unless `keepDatabase` (then call `database.drop()` later). */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/** A test database (SQLite file or PostgreSQL database) that can outlive one Strapi. */
export interface HavenDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export interface StartOptions {
  /** Seed the demo accounts and content (default false: tests make their own data). */
  seedDemo?: boolean;
  /** Extra environment for this Strapi (SMTP, rate limits, …). */
  env?: Record<string, string>;
  /** Serve the built admin panel (cms/dist/build, from `strapi build`) at /admin (default false). */
  serveAdminPanel?: boolean;
  /** Start on the database of an earlier start (closed with keepDatabase) instead of a fresh one. */
  database?: HavenDatabase;
}

const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, empty test database of the given kind (pass it to startHaven as `database`: a file that needs PostgreSQL whatever the run's DATABASE_CLIENT). */
export async function createDatabase(dbClient: 'sqlite' | 'postgres'): Promise<HavenDatabase> {
  if (dbClient === 'postgres') {
    const pgDb = await createPgDatabase({ prefix: 'haven_test', adminUrl: PG_ADMIN_URL });
    return { env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: pgDb.url }, drop: () => pgDb.drop() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-db-'));
  return { env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(dir, 'haven.db') }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function startHaven(options: StartOptions = {}): Promise<Haven> {
  assertCompiled();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-test-'));
  const dbClient = process.env.DATABASE_CLIENT === 'postgres' ? 'postgres' : 'sqlite';
  const database = options.database ?? (await createDatabase(dbClient));

  const port = await freePort();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    PUBLIC_CMS_URL: `http://127.0.0.1:${port}`,
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_STARTUP_LOG: 'false',
    LOG_LEVEL: process.env.HAVEN_TEST_LOG_LEVEL || 'warn',
    ...strapiSecrets(),
    HAVEN_SEED_DEMO: options.seedDemo ? 'true' : 'false',
    EMAIL_OUTBOX_DIR: path.join(workDir, 'outbox'),
    PUBLIC_SITE_URL: 'http://localhost:4321',
    CHAT_MASTER_KEYS: `1:${crypto.randomBytes(32).toString('base64')}`,
    APPLICATIONS_MASTER_KEYS: `1:${crypto.randomBytes(32).toString('base64')}`,
    IDENTITY_MASTER_KEYS: `1:${crypto.randomBytes(32).toString('base64')}`,
    PRIVACY_MASTER_KEYS: `1:${crypto.randomBytes(32).toString('base64')}`,
    ...database.env,
    ...options.env,
  });

  const strapiApp = createStrapiApp({ serveAdminPanel: options.serveAdminPanel ?? false });
  const strapi = await strapiApp.load();
  strapi.log.level = process.env.HAVEN_TEST_LOG_LEVEL || 'warn';
  const url = await listen(strapi, port);

  return {
    strapi,
    url,
    dbClient,
    database,
    async close(closeOptions: { keepDatabase?: boolean } = {}) {
      // strapi.destroy() calls process.removeAllListeners(), which would cut the test runner's
      // own IPC channel: keep the listeners that were there and put them back afterwards.
      const saved = process.eventNames().map((name) => [name, process.listeners(name as any)] as const);
      await strapi.destroy();
      for (const [name, listeners] of saved) {
        for (const listener of listeners) if (!process.listeners(name as any).includes(listener)) process.on(name as any, listener as any);
      }
      if (!closeOptions.keepDatabase) await database.drop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny HTTP client for the CMS: JSON in, JSON out, optional bearer token. */
export function apiClient(baseUrl: string, defaultHeaders: Record<string, string> = {}) {
  async function call<T = any>(method: string, urlPath: string, body?: unknown, jwt?: string): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...defaultHeaders };
    if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
    if (jwt) headers.authorization = `Bearer ${jwt}`;
    const res = await fetch(baseUrl + urlPath, {
      method,
      headers,
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }
  return {
    get: <T = any>(p: string, jwt?: string) => call<T>('GET', p, undefined, jwt),
    post: <T = any>(p: string, body?: unknown, jwt?: string) => call<T>('POST', p, body, jwt),
    put: <T = any>(p: string, body?: unknown, jwt?: string) => call<T>('PUT', p, body, jwt),
    del: <T = any>(p: string, jwt?: string) => call<T>('DELETE', p, undefined, jwt),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** A documentation-range address (RFC 5737) for X-Forwarded-For: a header only, no traffic goes there. */
export const randomClientAddress = () => `198.51.100.${1 + crypto.randomInt(254)}, 203.0.113.${1 + crypto.randomInt(254)}`.split(',')[crypto.randomInt(2)].trim();

let counter = 0;
/** A unique, valid sign-up body; pass overrides for the fields under test. */
export function newAccount(overrides: Record<string, unknown> = {}) {
  const id = `${Date.now().toString(36)}${(counter++).toString(36)}${crypto.randomBytes(2).toString('hex')}`;
  return { username: `user_${id}`, email: `user_${id}@test.haven.example`, password: 'Str0ng-Passw0rd!', acceptTerms: true, ...overrides };
}

/**
 * Records that the account agreed to the privacy notice in force, as sign-up does, so the site does
 * not send it to /consent (for accounts made directly through Strapi's user service).
 */
export async function agreeToNotice(haven: Haven, userId: number) {
  const consent = haven.strapi.plugin('identity').service('consent');
  await consent.accept(userId, consent.currentVersion(), 'sign-up');
}

/** Creates a confirmed account directly through Strapi's user service and logs it in. */
export async function createUser(haven: Haven, role: 'client' | 'therapist', extra: { verificationStatus?: string } = {}) {
  const strapi = haven.strapi;
  const account = newAccount();
  const roleRow = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: role } });
  const user = await strapi.plugin('users-permissions').service('user').add({
    ...account,
    provider: 'local',
    confirmed: true,
    blocked: false,
    role: roleRow.id,
  });
  await strapi.service('api::profile.profile').createForUser(user.id, { displayName: `Tester ${crypto.randomBytes(3).toString('hex')}`, timeZone: 'UTC' });
  await agreeToNotice(haven, user.id);
  let therapistProfile: any = null;
  if (role === 'therapist') {
    therapistProfile = await strapi.documents('api::therapist-profile.therapist-profile').create({
      data: {
        licenceNumber: `LIC-${user.id}-${crypto.randomBytes(3).toString('hex')}`,
        licenceJurisdiction: 'Testland',
        licenceExpiry: '2030-01-01',
        specialties: ['anxiety'],
        languages: ['English'],
        verificationStatus: extra.verificationStatus ?? 'pending',
        user: user.id,
      },
    });
  }
  // Log in "from" an address of its own, as the site does per visitor, so per-address rate limits stay with the test under way.
  const api = apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() });
  const login = await api.post('/api/auth/local', { identifier: account.email, password: account.password });
  if (login.status !== 200) throw new Error(`test login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { ...account, id: user.id as number, jwt: login.body.jwt as string, refreshToken: login.body.refreshToken as string, therapistProfile };
}
