import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { createStaff } from '../helpers/staff';
import { PREVIEW_TOKEN_HEADER, signPreviewToken } from '../../packages/shared/src/preview';

/**
 * Editors' comfort (issue 17): the Content Manager's labels, help texts and columns; tags as a
 * repeatable field (and the move from JSON tags); one length field; the draft preview and its token.
 */
const require = createRequire(import.meta.url);
const RESOURCE = 'api::resource.resource';
const PREVIEW_SECRET = 'test-preview-secret-0123456789abcdef0123456789';
const SITE = 'http://localhost:4321';

interface Metadata {
  edit: { label: string; description: string; placeholder: string; mainField?: string };
  list: { label: string };
}
interface Configuration {
  contentType: { metadatas: Record<string, Metadata>; layouts: { list: string[] } };
  components: Record<string, { metadatas: Record<string, Metadata> }>;
}

describe('editors: labels, tags, length and preview', () => {
  let haven: Haven;
  let api: ApiClient;
  let editor: StaffClient;
  let superAdmin: StaffClient;

  const staff = async (role: 'editor' | 'super-admin') => {
    const account = await createStaff(haven, role);
    const client = apiClient(haven.url);
    return {
      ...account,
      api: { get: (p: string) => client.get(p, account.token), post: (p: string, b?: unknown) => client.post(p, b, account.token), put: (p: string, b?: unknown) => client.put(p, b, account.token) },
    };
  };
  type StaffClient = Awaited<ReturnType<typeof staff>>;
  const configuration = async (uid: string) => {
    const res = await editor.api.get(`/content-manager/content-types/${uid}/configuration`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data as Configuration;
  };
  const attributesOf = (uid: string): string[] => Object.keys(haven.strapi.contentTypes[uid].attributes);
  const create = async (data: Record<string, unknown>) => {
    const res = await editor.api.post(`/content-manager/collection-types/${RESOURCE}`, { kind: 'article', ...data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data as { documentId: string; durationMinutes: number | null; tags: { name: string }[] };
  };
  const previewAnswer = (documentId: string, token?: string) =>
    fetch(`${haven.url}/api/resource-previews/${documentId}`, { headers: token ? { [PREVIEW_TOKEN_HEADER]: token } : {} });

  beforeAll(async () => {
    haven = await startHaven({ env: { PREVIEW_SECRET, PUBLIC_SITE_URL: SITE } });
    api = apiClient(haven.url);
    editor = await staff('editor');
    superAdmin = await staff('super-admin');
  });
  afterAll(async () => haven?.close());

  it('labels every field of the library and profile types, with help texts and useful list columns', async () => {
    for (const uid of [RESOURCE, 'api::category.category', 'api::profile.profile', 'api::therapist-profile.therapist-profile']) {
      const { metadatas } = (await superAdmin.api.get(`/content-manager/content-types/${uid}/configuration`)).body.data.contentType as Configuration['contentType'];
      for (const field of attributesOf(uid).filter((name) => !['createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name))) {
        expect(metadatas[field].edit.label, `${uid}.${field}`).not.toBe(field);
        expect(metadatas[field].edit.description, `${uid}.${field}`).not.toBe('');
        expect(metadatas[field].list.label, `${uid}.${field}`).toBe(metadatas[field].edit.label);
      }
    }
    const resource = await configuration(RESOURCE);
    expect(resource.contentType.metadatas.videoUrl.edit).toMatchObject({ label: 'Video URL', placeholder: 'https://www.youtube.com/watch?v=…' });
    expect(resource.contentType.metadatas.durationMinutes.edit.label).toBe('Length (minutes)');
    expect(resource.contentType.layouts.list).toEqual(['title', 'kind', 'categories', 'updatedAt']);
    expect(resource.components['library.tag'].metadatas.name.edit).toMatchObject({ label: 'Tag', placeholder: 'insomnia' });

    const therapist = (await (await superAdmin.api.get('/content-manager/content-types/api::therapist-profile.therapist-profile/configuration')).body.data) as Configuration;
    expect(therapist.contentType.layouts.list).toEqual(['user', 'licenceNumber', 'licenceJurisdiction', 'licenceExpiry', 'verificationStatus']);
    expect(therapist.contentType.metadatas.user.edit.mainField).toBe('username');
    for (const [field, label] of Object.entries({ licenceNumber: 'Licence number', licenceExpiry: 'Licence expiry', verificationStatus: 'Verification', rateMinor: 'Rate per session (cents)' })) {
      expect(therapist.contentType.metadatas[field].edit.label).toBe(label);
    }
  });

  it("keeps a label or the columns staff chose in the Content Manager when Haven applies its texts again", async () => {
    const { applyContentManagerTexts } = require('../../cms/dist/src/bootstrap/content-manager-labels.js');
    const current = await (await superAdmin.api.get(`/content-manager/content-types/api::category.category/configuration`)).body.data.contentType;
    const metadatas = { ...current.metadatas, name: { ...current.metadatas.name, edit: { ...current.metadatas.name.edit, label: 'Topic' } } };
    const saved = await superAdmin.api.put(`/content-manager/content-types/api::category.category/configuration`, {
      settings: current.settings,
      // The admin's form sends list metadata without mainField (Strapi stores it, its validator refuses it).
      metadatas: Object.fromEntries(Object.entries(metadatas).map(([key, meta]: [string, any]) => [key, { edit: meta.edit, list: { label: meta.list.label, searchable: meta.list.searchable, sortable: meta.list.sortable } }])),
      layouts: { ...current.layouts, list: ['name', 'resources'] },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await applyContentManagerTexts(haven.strapi);
    const after = (await configuration('api::category.category')).contentType;
    expect(after.metadatas.name.edit.label).toBe('Topic');
    expect(after.layouts.list).toEqual(['name', 'resources']);
    expect(after.metadatas.description.edit.label).toBe('Description');
  });

  it('stores tags as a repeatable field: tidied, round-tripped through the admin and the public API, searchable', async () => {
    const created = await create({ title: 'Sleep hygiene basics', slug: 'sleep-hygiene-basics', summary: 'Small habits for better nights.', tags: [{ name: ' insomnia ' }, { name: 'Insomnia' }, { name: 'night   routine' }] });
    expect(created.tags.map((t) => t.name)).toEqual(['insomnia', 'night routine']);
    const tooLong = await editor.api.post(`/content-manager/collection-types/${RESOURCE}`, { title: 'Too long a tag', slug: 'too-long-tag', kind: 'article', tags: [{ name: 'x'.repeat(61) }] });
    expect(tooLong.status).toBe(400);

    const edited = await editor.api.put(`/content-manager/collection-types/${RESOURCE}/${created.documentId}`, { tags: [{ name: 'insomnia' }, { name: 'bedtime' }] });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await editor.api.post(`/content-manager/collection-types/${RESOURCE}/${created.documentId}/actions/publish`, {})).status).toBe(200);
    const published = await api.get(`/api/resources?filters[slug][$eq]=sleep-hygiene-basics&populate[tags][fields][0]=name`);
    expect(published.body.data[0].tags.map((t: { name: string }) => t.name)).toEqual(['insomnia', 'bedtime']);

    await haven.strapi.plugin('library').service('sync').flush();
    const found = await api.get('/api/library/search?q=bedtime');
    expect(found.body.hits.map((h: { slug: string }) => h.slug)).toEqual(['sleep-hygiene-basics']);
  });

  it('has one length field: counted from the words for text kinds, the editor\'s for video and audio', async () => {
    expect(attributesOf(RESOURCE)).not.toContain('timeMinutes');
    expect(attributesOf(RESOURCE)).toContain('durationMinutes');
    const article = await create({ title: 'A long read', slug: 'a-long-read', body: 'word '.repeat(1000), durationMinutes: 99 });
    expect(article.durationMinutes).toBe(5);
    const video = await create({ title: 'Breathing video', slug: 'breathing-video', kind: 'video', videoUrl: 'https://youtu.be/inpok4MKVLM', durationMinutes: 7 });
    expect(video.durationMinutes).toBe(7);
    const edited = await editor.api.put(`/content-manager/collection-types/${RESOURCE}/${article.documentId}`, { body: 'word '.repeat(2000) });
    expect(edited.body.data.durationMinutes).toBe(10);

    await editor.api.post(`/content-manager/collection-types/${RESOURCE}/${video.documentId}/actions/publish`, {});
    await haven.strapi.plugin('library').service('sync').flush();
    const [hit] = (await api.get('/api/library/search?q=breathing')).body.hits;
    expect(hit.durationMinutes).toBe(7);
    expect(hit).not.toHaveProperty('timeMinutes');
  });

  it('moves JSON tags and the old computed length into the current fields, once', async () => {
    const { migrateLegacyTags } = require('../../cms/dist/src/bootstrap/resource-migration.js');
    const knex = haven.strapi.db.connection;
    const older = await haven.strapi.documents(RESOURCE).create({ data: { title: 'An older resource', slug: 'an-older-resource', kind: 'audio' } });
    // The table as an earlier Haven left it: tags as JSON, and the computed timeMinutes beside an empty length.
    await knex.schema.alterTable('resources', (table) => {
      table.jsonb('tags');
      table.integer('time_minutes');
    });
    await knex('resources').where({ document_id: older.documentId }).update({ tags: JSON.stringify(['grief', ' Grief', 'loss', 42]), time_minutes: 14, duration_minutes: null });

    await haven.strapi.hook('strapi::content-types.beforeSync').call({});
    await migrateLegacyTags(haven.strapi);
    const migrated = await haven.strapi.documents(RESOURCE).findOne({ documentId: older.documentId, populate: { tags: true } });
    expect(migrated.tags.map((t: { name: string }) => t.name)).toEqual(['grief', 'loss']);
    expect(migrated.durationMinutes).toBe(14);
    expect(await knex.schema.hasColumn('resources', 'tags')).toBe(false);
    expect(await knex.schema.hasColumn('resources', 'time_minutes')).toBe(false);

    await haven.strapi.hook('strapi::content-types.beforeSync').call({});
    await migrateLegacyTags(haven.strapi);
    const again = await haven.strapi.documents(RESOURCE).findOne({ documentId: older.documentId, populate: { tags: true } });
    expect(again.tags.map((t: { name: string }) => t.name)).toEqual(['grief', 'loss']);
  });

  it('previews a draft on the site with a short-lived token for that document only; drafts stay out of the public API', async () => {
    const draft = await create({ title: 'Draft on self-compassion', slug: 'draft-self-compassion', summary: 'Not ready yet.', tags: [{ name: 'kindness' }] });
    const other = await create({ title: 'Another draft', slug: 'another-draft' });

    const url = await editor.api.get(`/content-manager/preview/url/${RESOURCE}?documentId=${draft.documentId}&status=draft`);
    expect(url.status).toBe(200);
    const previewUrl = new URL(url.body.data.url);
    expect(`${previewUrl.origin}${previewUrl.pathname}`).toBe(`${SITE}/library/preview/${draft.documentId}`);
    const token = previewUrl.searchParams.get('token')!;
    expect(token).toMatch(new RegExp(`^${draft.documentId}\\.\\d+\\.[A-Za-z0-9_-]{43}$`));
    expect(Number(token.split('.')[1]) - Date.now() / 1000).toBeLessThanOrEqual(600);

    const shown = await previewAnswer(draft.documentId, token);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(shown.headers.get('x-robots-tag')).toBe('noindex');
    const body = await shown.json();
    expect(body.data).toMatchObject({ documentId: draft.documentId, title: 'Draft on self-compassion', publishedAt: null, tags: [{ name: 'kindness' }] });
    expect(Object.keys(body.data)).not.toContain('id');

    const expired = await signPreviewToken(PREVIEW_SECRET, draft.documentId, { nowSeconds: Date.now() / 1000 - 3600 });
    const forged = await signPreviewToken('another-secret-0123456789abcdef0123456789', draft.documentId);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const [label, bad] of [['none', undefined], ['expired', expired], ['forged', forged], ['tampered', tampered], ['garbage', 'x.y.z']] as const) {
      const refused = await previewAnswer(draft.documentId, bad);
      expect(refused.status, label).toBe(401);
      expect((await refused.json()).error.message, label).toMatch(/preview/i);
    }
    expect((await previewAnswer(other.documentId, token)).status).toBe(403);

    const published = await editor.api.get(`/content-manager/preview/url/${RESOURCE}?documentId=${draft.documentId}&status=published`);
    expect(published.status).toBe(204); // never published: no reader's page to show
    const category = await haven.strapi.db.query('api::category.category').findOne({ where: {} });
    expect((await editor.api.get(`/content-manager/preview/url/api::category.category?documentId=${category.documentId}`)).status).toBe(204);

    for (const path of ['/api/resources', '/api/resources?status=draft', '/api/resources?publicationState=preview', `/api/resources?filters[slug][$eq]=draft-self-compassion&status=draft`]) {
      const listed = await api.get(path);
      // The stock-query guard pins lists to published documents, or refuses a parameter it does not know.
      if (listed.status === 200) expect(listed.body.data.map((r: { slug: string }) => r.slug), path).not.toContain('draft-self-compassion');
      else expect(listed.status, path).toBe(400);
    }
    for (const path of [`/api/resources/${draft.documentId}`, `/api/resources/${draft.documentId}?status=draft`]) {
      expect((await api.get(path)).status, path).toBe(404);
    }
  });
});
