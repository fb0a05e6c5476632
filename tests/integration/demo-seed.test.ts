import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startHaven, type Haven } from '../helpers/haven';

const DEMO_PASSWORD = 'DemoPass2026!';

describe('demo data', () => {
  let haven: Haven;
  beforeAll(async () => {
    haven = await startHaven({ seedDemo: true });
  });
  afterAll(async () => haven?.close());

  it.each([
    ['alex@haven.example', 'client'],
    ['sam@haven.example', 'client'],
    ['dr.rivera@haven.example', 'therapist'],
    ['dr.chen@haven.example', 'therapist'],
    ['jordan@haven.example', 'therapist'],
  ])('lets %s log in as a %s', async (email, role) => {
    const api = apiClient(haven.url);
    const login = await api.post('/api/auth/local', { identifier: email, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect((await api.get('/api/profiles/me', login.body.jwt)).body.data.role).toBe(role);
  });

  it('lists the two verified demo therapists and not the pending one', async () => {
    const list = await apiClient(haven.url).get('/api/therapists');
    expect(list.body.data.map((t: any) => t.displayName).sort()).toEqual(['Dr. Maria Rivera', 'Dr. Wei Chen']);
  });

  it('publishes a dozen resources in the ten seeded categories', async () => {
    const api = apiClient(haven.url);
    const categories = await api.get('/api/categories?pagination[pageSize]=100');
    expect(categories.body.data.map((c: any) => c.slug)).toEqual(
      expect.arrayContaining(['anxiety', 'depression', 'stress', 'sleep', 'mindfulness', 'grief', 'relationships', 'addiction-recovery', 'trauma', 'self-care']),
    );
    const resources = await api.get('/api/resources?populate=categories');
    expect(resources.body.meta.pagination.total).toBe(12);
    expect(resources.body.data.every((r: any) => r.categories.length > 0)).toBe(true);
  });

  it('creates the staff accounts with their admin roles', async () => {
    const staff = await haven.strapi.db.query('admin::user').findMany({ populate: ['roles'] });
    const roleOf = (email: string) => staff.find((u: any) => u.email === email)?.roles.map((r: any) => r.code);
    expect(roleOf('admin@haven.example')).toEqual(['strapi-super-admin']);
    expect(roleOf('editor@haven.example')).toEqual(['strapi-editor']);
    expect(roleOf('mod@haven.example')).toEqual(['haven-moderator']);
    const login = await apiClient(haven.url).post('/admin/login', { email: 'mod@haven.example', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.data.token).toEqual(expect.any(String));
  });

  it('changes nothing when it runs again', async () => {
    const { seedDemo } = require('../../cms/dist/src/bootstrap/demo-seed.js');
    const count = () =>
      Promise.all(['plugin::users-permissions.user', 'api::resource.resource', 'api::category.category', 'admin::user', 'api::profile.profile'].map((uid) => haven.strapi.db.query(uid).count()));
    const before = await count();
    expect(await seedDemo(haven.strapi)).toBe(false);
    expect(await count()).toEqual(before);
  });

  it('writes mail to the local outbox folder as .eml files when no SMTP server is set', async () => {
    const outbox = process.env.EMAIL_OUTBOX_DIR!;
    const res = await apiClient(haven.url).post('/api/auth/forgot-password', { email: 'sam@haven.example' });
    expect(res.status).toBe(200);
    // The demo's booked session sent its confirmations there too; only Sam's mail is looked at here.
    const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml') && /^To: sam@haven\.example$/m.test(fs.readFileSync(path.join(outbox, f), 'utf8')));
    expect(files).toHaveLength(1);
    const mail = fs.readFileSync(path.join(outbox, files[0]), 'utf8');
    expect(mail).toMatch(/^To: sam@haven\.example$/m);
    expect(mail).toMatch(/^Subject: Reset your Haven password$/m);
    expect(mail).toContain('reset-password?code=');
  });

  it('never seeds in production', async () => {
    const { shouldSeedDemo } = require('../../cms/dist/src/bootstrap/demo-seed.js');
    const saved = { NODE_ENV: process.env.NODE_ENV, HAVEN_SEED_DEMO: process.env.HAVEN_SEED_DEMO };
    try {
      Object.assign(process.env, { NODE_ENV: 'production', HAVEN_SEED_DEMO: 'true' });
      expect(shouldSeedDemo()).toBe(false);
      Object.assign(process.env, { NODE_ENV: 'development', HAVEN_SEED_DEMO: 'false' });
      expect(shouldSeedDemo()).toBe(false);
      Object.assign(process.env, { NODE_ENV: 'development', HAVEN_SEED_DEMO: 'true' });
      expect(shouldSeedDemo()).toBe(true);
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it('gives the verified demo therapists weekly hours and Alex one upcoming and one past session', async () => {
    const api = apiClient(haven.url);
    const alex = (await api.post('/api/auth/local', { identifier: 'alex@haven.example', password: DEMO_PASSWORD })).body.jwt;
    const upcoming = (await api.get('/api/booking/bookings?scope=upcoming', alex)).body.data;
    const past = (await api.get('/api/booking/bookings?scope=past', alex)).body.data;
    expect(upcoming.map((b: any) => [b.with.displayName, b.status])).toEqual([['Dr. Maria Rivera', 'confirmed']]);
    expect(past.map((b: any) => [b.with.displayName, b.status])).toEqual([['Dr. Wei Chen', 'completed']]);
    const list = (await api.get('/api/therapists')).body.data;
    for (const therapist of list) expect(Date.parse(therapist.nextFreeSlot)).toBeGreaterThan(Date.now());
  });
});
