import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { therapist } from './booking-helpers';
import { CLEAN_TEXT, staffUser, type Staff } from './community-helpers';
import { book, QUIET, settle } from './payments-helpers';

const ENTRY_UID = 'plugin::audit.entry';
const MODERATOR_ADDRESS = '198.51.100.7';
const ADMIN_ADDRESS = '203.0.113.42';

/**
 * One audit log (issue 17, item 5): a moderator's ban and a super admin's refund each write one entry
 * (who, what, target, reason, address); super admins search it; nobody can change or remove an entry
 * (no route, the Document Service refuses, the database's triggers refuse); the owner of an alias
 * never appears in it.
 */
describe('audit log', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  type User = Awaited<ReturnType<typeof createUser>>;
  let author: User;
  let alias: string;
  let moderator: Staff;
  let superAdmin: Staff;
  let editor: Staff;
  /** Admin API clients sending X-Forwarded-For (the test runs on loopback, a trusted proxy by default). */
  let moderatorFrom: ReturnType<typeof apiClient>;
  let superAdminFrom: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    haven = await startHaven({ env: { ...QUIET } });
    api = apiClient(haven.url);
    author = await createUser(haven, 'client');
    [moderator, superAdmin, editor] = await Promise.all([staffUser(haven, 'haven-moderator'), staffUser(haven, 'strapi-super-admin'), staffUser(haven, 'strapi-editor')]);
    moderatorFrom = apiClient(haven.url, { authorization: `Bearer ${moderator.token}`, 'x-forwarded-for': MODERATOR_ADDRESS });
    superAdminFrom = apiClient(haven.url, { authorization: `Bearer ${superAdmin.token}`, 'x-forwarded-for': ADMIN_ADDRESS });
    const post = await api.post('/api/community/posts', { category: 'general', title: 'Audit test', body: CLEAN_TEXT }, author.jwt);
    expect(post.status, JSON.stringify(post.body)).toBe(201);
    alias = (await api.get('/api/community/me', author.jwt)).body.data.alias;
  });
  afterAll(async () => haven?.close());

  const entries = (where: Record<string, unknown>) => haven.strapi.db.query(ENTRY_UID).findMany({ where, orderBy: { id: 'asc' } });

  it("records a moderator's ban with actor, action, target, reason and address, beside the moderation log", async () => {
    const res = await moderatorFrom.post('/community/actions', { action: 'suspend', alias, reason: 'Repeated harassment in replies' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = await entries({ action: 'community.member.suspend', targetId: alias });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorKind: 'admin',
      actorId: moderator.id,
      actorLabel: moderator.name,
      targetType: 'community.member',
      reason: 'Repeated harassment in replies',
      ip: MODERATOR_ADDRESS,
    });
    // The moderation log keeps its own entry.
    expect((await moderator.api.get('/community/log?action=suspend')).body.data.some((e: { alias: string }) => e.alias === alias)).toBe(true);
  });

  it("records a super admin's refund", async () => {
    const t = await therapist(haven, { rateMinor: 8000, currency: 'EUR' });
    const client = await createUser(haven, 'client');
    const [b] = await book(haven, client, t.therapistId, 30);
    await settle(haven);
    const payment = (await api.get('/api/payments?role=client', client.jwt)).body.data.find((p: { bookingId: string }) => p.bookingId === b.id);
    expect((await api.post(`/api/payments/${payment.id}/mark`, { outcome: 'paid' }, t.jwt)).status).toBe(200);
    // A therapist marking their own payment is in the log as a site account's action, not staff's.
    expect(await entries({ targetId: payment.id })).toMatchObject([{ actorKind: 'site', actorId: t.id, action: 'payments.mark-paid' }]);

    const res = await superAdminFrom.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 3000, reason: 'Goodwill gesture' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = await entries({ targetId: payment.id, actorKind: 'admin' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorKind: 'admin',
      actorId: superAdmin.id,
      actorLabel: superAdmin.name,
      action: 'payments.refund',
      targetType: 'payments.payment',
      reason: 'Goodwill gesture',
      ip: ADMIN_ADDRESS,
      details: { kind: 'staff', amountMinor: 3000, currency: 'EUR' },
    });
  });

  it('lets a super admin search the log, newest first, with working filters', async () => {
    const all = await superAdmin.api.get('/audit/entries');
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.data.map((e: { action: string }) => e.action).slice(0, 3)).toEqual(['payments.refund', 'payments.mark-paid', 'community.member.suspend']);
    expect(all.body.data[2]).toEqual({
      id: expect.any(String),
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      actor: { kind: 'admin', id: moderator.id, label: moderator.name },
      action: 'community.member.suspend',
      target: { type: 'community.member', id: alias },
      reason: 'Repeated harassment in replies',
      ip: MODERATOR_ADDRESS,
      details: expect.any(Object),
    });
    expect(all.body.meta.pagination).toMatchObject({ page: 1, pageSize: 25, total: 3, pageCount: 1 });

    const actions = async (query: string) => {
      const res = await superAdmin.api.get(`/audit/entries?${query}`);
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body.data.map((e: { action: string }) => e.action);
    };
    expect(await actions('action=payments.refund')).toEqual(['payments.refund']);
    expect(await actions('q=GOODWILL')).toEqual(['payments.refund']);
    expect(await actions(`q=${encodeURIComponent(moderator.name.toLowerCase())}`)).toEqual(['community.member.suspend']);
    expect(await actions(`q=${encodeURIComponent(alias)}`)).toEqual(['community.member.suspend']);
    expect(await actions('actorKind=system')).toEqual([]);
    expect(await actions('actorKind=site')).toEqual(['payments.mark-paid']);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await actions(`from=${today}&to=${today}`)).toHaveLength(3);
    expect(await actions(`from=${tomorrow}`)).toEqual([]);
    expect(await actions(`to=${yesterday}`)).toEqual([]);
    const paged = await superAdmin.api.get('/audit/entries?pageSize=1&page=3');
    expect(paged.body.data.map((e: { action: string }) => e.action)).toEqual(['community.member.suspend']);
    expect(paged.body.meta.pagination).toMatchObject({ page: 3, pageSize: 1, total: 3, pageCount: 3 });

    for (const bad of ['pageSize=101', `q=${'x'.repeat(101)}`, 'from=yesterday', 'actorKind=root', 'sort=id', 'action=DROP%20TABLE']) {
      expect((await superAdmin.api.get(`/audit/entries?${bad}`)).status, bad).toBe(400);
    }
  });

  it('refuses the route to moderators, editors and anyone signed out', async () => {
    expect((await moderator.api.get('/audit/entries')).status).toBe(403);
    expect((await editor.api.get('/audit/entries')).status).toBe(403);
    expect((await api.get('/audit/entries')).status).toBe(401);
    expect((await api.get('/audit/entries', author.jwt)).status).toBe(401);
  });

  it('has no route that changes or removes an entry, for super admins either', async () => {
    const routes = haven.strapi.plugin('audit').routes as Record<string, { routes: { method: string; path: string }[] }>;
    const all = Object.values(routes).flatMap((router) => router.routes.map((r) => `${r.method} ${r.path}`));
    expect(all.sort()).toEqual(['GET /entries', 'GET /health']);
    const [row] = await entries({ action: 'payments.refund' });
    for (const call of [
      superAdmin.api.put(`/audit/entries/${row.documentId}`, { reason: 'changed' }),
      superAdmin.api.del(`/audit/entries/${row.documentId}`),
      superAdmin.api.del('/audit/entries'),
      superAdmin.api.put(`/content-manager/collection-types/${ENTRY_UID}/${row.documentId}`, { reason: 'changed' }),
      superAdmin.api.del(`/content-manager/collection-types/${ENTRY_UID}/${row.documentId}`),
      superAdmin.api.post(`/content-manager/collection-types/${ENTRY_UID}/actions/bulkDelete`, { documentIds: [row.documentId] }),
    ]) {
      const res = await call;
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    expect(await haven.strapi.db.query(ENTRY_UID).findOne({ where: { id: row.id } })).toMatchObject({ reason: 'Goodwill gesture' });
  });

  it('refuses changes through the Document Service', async () => {
    const [row] = await entries({ action: 'payments.refund' });
    const documents = haven.strapi.documents(ENTRY_UID as any);
    await expect(documents.update({ documentId: row.documentId, data: { reason: 'changed' } } as any)).rejects.toThrow(/append-only/);
    await expect(documents.delete({ documentId: row.documentId } as any)).rejects.toThrow(/append-only/);
    // Strapi offers no publish for a type without drafts; where a write exists, the middleware refuses it.
    const withDrafts = documents as any;
    if (typeof withDrafts.publish === 'function') await expect(withDrafts.publish({ documentId: row.documentId })).rejects.toThrow(/append-only/);
    await expect(documents.clone({ documentId: row.documentId, data: { reason: 'forged' } } as any)).rejects.toThrow(/append-only/);
    expect(await haven.strapi.db.query(ENTRY_UID).findOne({ where: { id: row.id } })).toMatchObject({ reason: 'Goodwill gesture' });
  });

  it('refuses UPDATE and DELETE in the database itself', async () => {
    const [row] = await entries({ action: 'payments.refund' });
    const table = haven.strapi.db.metadata.get(ENTRY_UID).tableName;
    const knex = haven.strapi.db.connection;
    await expect(knex(table).where({ id: row.id }).update({ reason: 'changed' })).rejects.toThrow(/append-only/);
    await expect(knex(table).where({ id: row.id }).del()).rejects.toThrow(/append-only/);
    await expect(knex.raw(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
    await expect(haven.strapi.db.query(ENTRY_UID).deleteMany({ where: {} })).rejects.toThrow(/append-only/);
    expect(await haven.strapi.db.query(ENTRY_UID).count()).toBeGreaterThanOrEqual(2);
    expect(await haven.strapi.db.query(ENTRY_UID).findOne({ where: { id: row.id } })).toMatchObject({ reason: 'Goodwill gesture' });
  });

  it("records a reveal without the account, and no answer carries an alias's owner", async () => {
    const reveal = await superAdminFrom.post('/community/reveal', { alias, reason: 'Safeguarding request from the police' });
    expect(reveal.status, JSON.stringify(reveal.body)).toBe(200);
    expect(reveal.body.data.email).toBe(author.email);
    const rows = await entries({ action: 'community.member.reveal' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ targetType: 'community.member', targetId: alias, reason: 'Safeguarding request from the police', ip: ADMIN_ADDRESS });

    const res = await superAdmin.api.get('/audit/entries?pageSize=100');
    const text = JSON.stringify(res.body);
    for (const secret of [author.email, author.username]) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    for (const entry of res.body.data) {
      expect(entry.target.id).not.toBe(String(author.id));
      expect(Object.keys(entry.details)).not.toEqual(expect.arrayContaining(['userId']));
      expect(Object.values(entry.details)).not.toContain(author.id);
    }
  });
});
