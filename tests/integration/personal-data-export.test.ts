/**
 * Exports of a person's data (issue 20, plugins/privacy) over HTTP against a real Strapi: the world of
 * tests/integration/personal-data (a client, their therapist, a bystander) is given activity by every
 * group module, then the client asks for an export, follows its progress, takes a one-time link and
 * downloads the zip once; each module checks its part of haven-export.json. Also: nobody else sees or
 * downloads it (404), bad input writes nothing (400), one at a time (409), the daily limit (429),
 * and a super admin's export with a reason lands in the audit log. The worker runs only when the test
 * calls it (PRIVACY_EXPORT_WORKER=false), so "queued" and "while running" are states the test holds.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { createStaff, type Staff } from '../helpers/staff';
import { bookingPaymentsModule } from './personal-data/booking-payments';
import { chatWellnessModule } from './personal-data/chat-wellness';
import { communityPeopleModule } from './personal-data/community-people';
import { createWorld, type ExportedPlugins, type World } from './personal-data/world';

const ORDER = ['booking', 'payments', 'chat', 'wellness', 'community', 'library', 'applications', 'identity', 'people'];
const MODULES = [bookingPaymentsModule, chatWellnessModule, communityPeopleModule];
const JOBS = 'plugin::privacy.export-job';

interface Status {
  id: string;
  state: string;
  step: number;
  steps: number;
  plugin: string | null;
  readyAt: string | null;
  expiresAt: string | null;
  size: number | null;
}

describe('personal data: export', () => {
  let haven: Haven;
  let api: ApiClient;
  let world: World;
  let admin: Staff;
  let editor: Staff;

  beforeAll(async () => {
    haven = await startHaven({ env: { PRIVACY_EXPORT_WORKER: 'false', PRIVACY_EXPORTS_PER_DAY: '3' } });
    api = apiClient(haven.url);
    world = await createWorld(haven);
    for (const module of MODULES) await module.seed(world);
    [admin, editor] = await Promise.all([createStaff(haven, 'super-admin'), createStaff(haven, 'editor')]);
  }, 240_000);
  afterAll(async () => {
    await haven?.close();
  });

  const worker = () => haven.strapi.plugin('privacy').service('exports') as { runOnce(now?: number): Promise<number> };
  const jobCount = (): Promise<number> => haven.strapi.db.query(JOBS).count();

  async function adminCall(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(haven.url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    const bytes = Buffer.from(await res.arrayBuffer());
    const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(bytes.toString('utf8')) : null;
    return { status: res.status, body: json, bytes, headers: res.headers };
  }
  const download = (path: string, body: unknown, jwt: string) => adminCall('POST', path, jwt, body);

  /** Runs the worker while polling the job, and returns every status seen (first: the one before). */
  async function runObserved(statusOf: () => Promise<Status>): Promise<Status[]> {
    const seen: Status[] = [await statusOf()];
    let done = false;
    const run = worker()
      .runOnce()
      .finally(() => {
        done = true;
      });
    while (!done) {
      seen.push(await statusOf());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await run;
    seen.push(await statusOf());
    return seen;
  }

  function unzip(bytes: Buffer) {
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files).sort()).toEqual(['haven-export.json', 'index.html']);
    return { json: JSON.parse(strFromU8(files['haven-export.json'])), html: strFromU8(files['index.html']) };
  }

  it('the client asks, sees progress, gets a one-time link, downloads the zip once; every module finds its data', async () => {
    const { client } = world;
    const asked = await api.post('/api/privacy/exports', {}, client.jwt);
    expect(asked.status).toBe(202);
    const job: Status = asked.body.data;
    expect(job).toMatchObject({ state: 'queued', step: 0, steps: ORDER.length, plugin: null, size: null });
    expect(Object.keys(job).sort()).toEqual(['downloadedAt', 'expiresAt', 'id', 'plugin', 'readyAt', 'requestedAt', 'size', 'state', 'step', 'steps']);

    // One at a time: while it waits (or runs), another request is refused and writes nothing.
    const before = await jobCount();
    const again = await api.post('/api/privacy/exports', {}, client.jwt);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already being prepared/);
    expect(await jobCount()).toBe(before);
    expect((await api.get('/api/privacy/exports/latest', client.jwt)).body.data.id).toBe(job.id);

    // Not ready: no link yet.
    expect((await api.post(`/api/privacy/exports/${job.id}/link`, {}, client.jwt)).status).toBe(409);

    const seen = await runObserved(async () => (await api.get(`/api/privacy/exports/${job.id}`, client.jwt)).body.data);
    expect(seen[0].state).toBe('queued');
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ state: 'ready', step: ORDER.length, steps: ORDER.length, plugin: null });
    expect(last.size).toBeGreaterThan(100);
    expect(Date.parse(last.expiresAt!) - Date.parse(last.readyAt!)).toBe(24 * 3_600_000);
    // Progress only moves forward, and while running it names the plugin being read at its place in the order.
    for (const [i, status] of seen.entries()) {
      if (i) expect(status.step).toBeGreaterThanOrEqual(seen[i - 1].step);
      if (status.state === 'running') expect(status.plugin).toBe(ORDER[status.step]);
    }

    // Someone else: the job, its link and its download answer as if it did not exist.
    const other = world.bystander;
    expect((await api.get(`/api/privacy/exports/${job.id}`, other.jwt)).status).toBe(404);
    expect((await api.post(`/api/privacy/exports/${job.id}/link`, {}, other.jwt)).status).toBe(404);
    expect((await api.get('/api/privacy/exports/latest', other.jwt)).body.data).toBeNull();
    expect((await api.get(`/api/privacy/exports/${job.id}`)).status).toBe(403);

    const link = await api.post(`/api/privacy/exports/${job.id}/link`, {}, client.jwt);
    expect(link.status).toBe(200);
    const { token, expiresAt } = link.body.data;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    // The token is stored only as a hash.
    const row = await haven.strapi.db.query(JOBS).findOne({ where: { documentId: job.id } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.sealed).toMatch(/^hv1\./);

    expect((await download(`/api/privacy/exports/${job.id}/download`, { token }, other.jwt)).status).toBe(404);
    const malformed = await download(`/api/privacy/exports/${job.id}/download`, { token: 'short' }, client.jwt);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/download token/);
    expect((await download(`/api/privacy/exports/${job.id}/download`, { token: token.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A')) }, client.jwt)).status).toBe(403);
    // A wrong token consumed nothing.
    expect((await api.get(`/api/privacy/exports/${job.id}`, client.jwt)).body.data.state).toBe('ready');

    const got = await download(`/api/privacy/exports/${job.id}/download`, { token }, client.jwt);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/zip');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="haven-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(got.headers.get('cache-control')).toContain('no-store');
    expect(got.bytes.length).toBe(last.size);

    // Once: the same token, or a new link, finds nothing to give; the archive is gone from the table.
    expect((await download(`/api/privacy/exports/${job.id}/download`, { token }, client.jwt)).status).toBe(410);
    expect((await api.post(`/api/privacy/exports/${job.id}/link`, {}, client.jwt)).status).toBe(410);
    const after = await haven.strapi.db.query(JOBS).findOne({ where: { documentId: job.id } });
    expect(after).toMatchObject({ state: 'downloaded', sealed: null, wrappedKey: null, tokenHash: null });
    expect((await api.get(`/api/privacy/exports/${job.id}`, client.jwt)).body.data).toMatchObject({ state: 'downloaded', expiresAt: null });

    const { json, html } = unzip(got.bytes);
    expect(json.format).toBe('haven-export/1');
    expect(Date.parse(json.generatedAt)).toBeGreaterThan(Date.now() - 600_000);
    expect(json.account.userId).toBe(client.id);
    expect(Object.keys(json.plugins)).toEqual(ORDER);
    // The readable page: every plugin under a heading, no script, nothing unescaped from what people wrote.
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("default-src 'none'");
    for (const name of ORDER) expect(html).toContain(`<h2>${name}</h2>`);
    const exported: ExportedPlugins = json.plugins;
    for (const module of MODULES) await module.checkExport(world, exported);

    // Logged as the person's own actions.
    const entries = await haven.strapi.db.query('plugin::audit.entry').findMany({ where: { targetType: 'accounts.account', targetId: String(client.id), action: { $startsWith: 'privacy.export.' } } });
    expect(entries.map((e: { action: string; actorKind: string }) => `${e.actorKind}:${e.action}`).sort()).toEqual(['site:privacy.export.download', 'site:privacy.export.request']);
  });

  it('a super admin exports an account with a reason (audited) and downloads it once; the person never sees it; others may not', async () => {
    const person = await createUser(haven, 'client');
    const path = `/privacy/accounts/${person.id}/exports`;
    const before = await jobCount();
    const noReason = await adminCall('POST', path, admin.token, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/reason/);
    expect((await adminCall('POST', path, admin.token, { reason: 'x' })).status).toBe(400);
    expect((await adminCall('POST', path, admin.token, { reason: 'Subject access request by letter', extra: 1 })).status).toBe(400);
    expect((await adminCall('POST', '/privacy/accounts/abc/exports', admin.token, { reason: 'Subject access request' })).status).toBe(400);
    expect((await adminCall('POST', '/privacy/accounts/99999999/exports', admin.token, { reason: 'Subject access request' })).status).toBe(404);
    expect((await adminCall('POST', path, editor.token, { reason: 'Subject access request by letter' })).status).toBe(403);
    expect((await adminCall('POST', path, '')).status).toBe(401);
    expect(await jobCount()).toBe(before);

    const reason = 'Subject access request received by letter, ref 2026-17';
    const asked = await adminCall('POST', path, admin.token, { reason });
    expect(asked.status).toBe(202);
    const id: string = asked.body.data.id;
    expect((await adminCall('POST', path, admin.token, { reason })).status).toBe(409);
    expect((await api.get(`/api/privacy/exports/${id}`, person.jwt)).status).toBe(404);
    expect((await api.get('/api/privacy/exports/latest', person.jwt)).body.data).toBeNull();

    await worker().runOnce();
    expect((await adminCall('GET', `/privacy/exports/${id}`, admin.token)).body.data).toMatchObject({ state: 'ready', step: ORDER.length });
    expect((await adminCall('GET', `/privacy/exports/${id}`, editor.token)).status).toBe(403);
    // Another super admin did not ask for it: not theirs to download.
    const other = await createStaff(haven, 'super-admin');
    expect((await adminCall('GET', `/privacy/exports/${id}`, other.token)).status).toBe(404);

    const link = await adminCall('POST', `/privacy/exports/${id}/link`, admin.token, {});
    expect(link.status).toBe(200);
    // The token travels in a header, never in the address.
    expect((await adminCall('GET', `/privacy/exports/${id}/download`, admin.token)).status).toBe(400);
    const got = await adminCall('GET', `/privacy/exports/${id}/download`, admin.token, undefined, { 'x-download-token': link.body.data.token });
    expect(got.status).toBe(200);
    expect(unzip(got.bytes).json.account.userId).toBe(person.id);
    expect((await adminCall('GET', `/privacy/exports/${id}/download`, admin.token, undefined, { 'x-download-token': link.body.data.token })).status).toBe(410);

    const audit = await adminCall('GET', `/audit/entries?action=privacy.export.request&q=${person.id}`, admin.token);
    expect(audit.status).toBe(200);
    const entry = audit.body.data.find((e: { target: { id: string } }) => e.target.id === String(person.id));
    expect(entry).toMatchObject({ action: 'privacy.export.request', reason, actor: { kind: 'admin', id: admin.id }, target: { type: 'accounts.account', id: String(person.id) } });
    const downloaded = await adminCall('GET', `/audit/entries?action=privacy.export.download&q=${person.id}`, admin.token);
    expect(downloaded.body.data.some((e: { actor: { kind: string } }) => e.actor.kind === 'admin')).toBe(true);
  });

  it('a person may ask for three exports a day; two asked at the same instant make one', async () => {
    const person = await createUser(haven, 'client');
    const before = await jobCount();
    const both = await Promise.all([api.post('/api/privacy/exports', {}, person.jwt), api.post('/api/privacy/exports', {}, person.jwt)]);
    expect(both.map((res) => res.status).sort()).toEqual([202, 409]);
    expect(await jobCount()).toBe(before + 1);
    await worker().runOnce();
    for (let i = 0; i < 2; i++) {
      expect((await api.post('/api/privacy/exports', {}, person.jwt)).status).toBe(202);
      await worker().runOnce();
    }
    const three = await jobCount();
    const fourth = await api.post('/api/privacy/exports', {}, person.jwt);
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await jobCount()).toBe(three);
  });
});
