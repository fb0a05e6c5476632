import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, type ApiClient, type Haven } from '../helpers/haven';
import type { MeilisearchStandin, RecordedRequest } from '../helpers/meilisearch-standin';
import { addStaleEntry, addsOf, bulkResourceRows, deletesOf, INDEX, isWrite, libraryActions, mentions, PUBLIC_HOST, RESOURCE, runCli, startLibraryOnStandin, waitFor } from './library-meilisearch-helpers';

/**
 * The library's Meilisearch engine against a recording stand-in of Meilisearch's REST API (no real
 * Meilisearch can be reached here): what Haven sends, with which key, when, and what happens when
 * Meilisearch is away. Haven talks to it through the official `meilisearch` client, unchanged.
 */

describe('library search on Meilisearch', () => {
  let standin: MeilisearchStandin;
  let haven: Haven;
  let api: ApiClient;
  let otherAppKey: string;
  let category: Record<string, string>;
  let startup: RecordedRequest[];
  const { sync, settle, documents, create } = libraryActions(() => haven);

  beforeAll(async () => {
    ({ standin, haven, api, otherAppKey, category, startup } = await startLibraryOnStandin());
  });
  afterAll(async () => {
    await haven?.close();
    await standin?.close();
  });
  beforeEach(async () => {
    await standin.outage('none');
    standin.clearTaskFailures();
    await settle();
    standin.clearRequests();
  });

  it('creates the index and applies exactly the index settings at start, with the admin key', async () => {
    const writes = startup.filter(isWrite);
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /indexes', `PATCH /indexes/${INDEX}/settings`]);
    expect(writes[0].body).toEqual({ uid: INDEX, primaryKey: 'id' });
    const settings = writes.slice(1);
    expect(settings).toHaveLength(1);
    expect(settings[0].body).toEqual({
      searchableAttributes: ['title', 'summary', 'tags', 'categoryNames', 'body'],
      filterableAttributes: ['categories', 'kind'],
      sortableAttributes: ['publishedAt'],
      displayedAttributes: ['id', 'slug', 'title', 'summary', 'kind', 'categories', 'coverUrl', 'durationMinutes', 'publishedAt'],
      typoTolerance: { enabled: true },
    });
    expect(standin.settings(INDEX)).toMatchObject(settings[0].body);
    // Haven waited for the settings task to finish (it polled the task Meilisearch returned).
    expect(startup.some((r) => r.method === 'GET' && /^\/tasks\/\d+$/.test(r.path))).toBe(true);
    // Every request carries the admin key, and only the admin key.
    for (const request of startup) expect(request.headers.authorization, `${request.method} ${request.path}`).toBe(`Bearer ${standin.keys.admin}`);
  });

  it('sends exactly the published document when a resource is published', async () => {
    const created = await create({
      title: 'Grounding for panic & worry',
      summary: 'Five senses, one minute.',
      body: '## Try this\n\nName **five** things you can see. See [the guide](https://example.org/guide).',
      kind: 'worksheet',
      tags: ['panic', ' grounding ', 'Panic'],
      categories: [category.anxiety, category.stress],
      seoTitle: 'SEO title stays out of the index',
    });
    await settle();
    standin.clearRequests();
    await documents().publish({ documentId: created.documentId });
    await settle();
    const published = await documents().findOne({ documentId: created.documentId, status: 'published' });
    const adds = addsOf(standin);
    expect(adds).toHaveLength(1);
    expect(adds[0].query).toEqual({ primaryKey: 'id' });
    expect(adds[0].headers.authorization).toBe(`Bearer ${standin.keys.admin}`);
    expect(adds[0].body).toHaveLength(1);
    const sent = adds[0].body[0];
    expect({ ...sent, categories: [...sent.categories].sort(), categoryNames: [...sent.categoryNames].sort() }).toEqual({
      id: created.documentId,
      slug: published.slug,
      title: 'Grounding for panic & worry',
      summary: 'Five senses, one minute.',
      body: 'Try this Name five things you can see. See the guide.',
      kind: 'worksheet',
      categories: ['anxiety', 'stress'],
      categoryNames: ['Anxiety', 'Stress'],
      tags: ['panic', 'grounding'],
      coverUrl: null,
      durationMinutes: published.durationMinutes,
      publishedAt: new Date(published.publishedAt).getTime(),
    });
    expect(standin.documents(INDEX).find((d) => d.id === created.documentId)).toEqual(sent);
    expect(deletesOf(standin)).toHaveLength(0);
  });

  it('never sends draft text to the index: the index keeps the published version while a draft is edited', async () => {
    const draft = await create({ title: 'Unpublished draft about sleep', summary: 'DRAFT-SECRET-1', kind: 'article', categories: [category.sleep] });
    const live = await create({ title: 'Sleep hygiene basics', summary: 'Published words.', kind: 'article' }, true);
    await documents().update({ documentId: live.documentId, data: { title: 'Sleep hygiene DRAFT-SECRET-2', summary: 'DRAFT-SECRET-3' } as any });
    await documents().update({ documentId: draft.documentId, data: { summary: 'DRAFT-SECRET-4' } as any });
    await settle();

    for (const request of standin.requests) {
      for (const secret of ['DRAFT-SECRET-1', 'DRAFT-SECRET-2', 'DRAFT-SECRET-3', 'DRAFT-SECRET-4', 'Unpublished draft']) {
        expect(mentions(request, secret), `${request.method} ${request.path} carries ${secret}`).toBe(false);
      }
    }
    expect(standin.documents(INDEX).find((d) => d.id === draft.documentId)).toBeUndefined();
    expect(standin.documents(INDEX).find((d) => d.id === live.documentId)).toMatchObject({ title: 'Sleep hygiene basics', summary: 'Published words.' });
    for (const add of addsOf(standin)) expect(add.body.map((d: any) => d.title)).not.toContain('Sleep hygiene DRAFT-SECRET-2');
  });

  it('sends no request at all for a new draft or for saving a draft', async () => {
    const live = await create({ title: 'Journaling prompts', kind: 'article' }, true);
    await settle();
    standin.clearRequests();

    const draft = await create({ title: 'A draft nobody has published', kind: 'article' });
    await documents().update({ documentId: draft.documentId, data: { summary: 'Second save' } as any });
    await documents().update({ documentId: live.documentId, data: { summary: 'Draft edit of a published resource' } as any });
    await settle();
    // Nothing published changed, so Meilisearch hears nothing (a delete of an id it never had would be noise).
    expect(standin.requests.filter(isWrite).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`)).toEqual([]);
  });

  it('deletes the entry on unpublish and on delete, and re-publishing brings it back', async () => {
    const a = await create({ title: 'Unpublish me', kind: 'article' }, true);
    const b = await create({ title: 'Delete me', kind: 'video' }, true);
    await settle();
    expect(standin.documents(INDEX).map((d) => d.id)).toEqual(expect.arrayContaining([a.documentId, b.documentId]));
    standin.clearRequests();

    await documents().unpublish({ documentId: a.documentId });
    await settle();
    expect(deletesOf(standin).map((r) => r.body)).toEqual([[a.documentId]]);
    expect(addsOf(standin)).toHaveLength(0);
    expect(standin.documents(INDEX).find((d) => d.id === a.documentId)).toBeUndefined();

    standin.clearRequests();
    await documents().delete({ documentId: b.documentId });
    await settle();
    expect(deletesOf(standin).map((r) => r.body)).toEqual([[b.documentId]]);
    expect(standin.documents(INDEX).find((d) => d.id === b.documentId)).toBeUndefined();

    standin.clearRequests();
    await documents().publish({ documentId: a.documentId });
    await settle();
    expect(addsOf(standin).flatMap((r) => r.body.map((d: any) => d.id))).toEqual([a.documentId]);
    expect(standin.documents(INDEX).find((d) => d.id === a.documentId)).toMatchObject({ title: 'Unpublish me' });
  });

  it('on discard-draft keeps (re-sends) the published version, and never indexes a discarded draft-only resource', async () => {
    const live = await create({ title: 'Box breathing', summary: 'Four counts in, four out.', kind: 'audio' }, true);
    await documents().update({ documentId: live.documentId, data: { title: 'Box breathing DISCARDED-EDIT' } as any });
    const draftOnly = await create({ title: 'Never published', kind: 'article' });
    await settle();
    standin.clearRequests();

    await documents().discardDraft({ documentId: live.documentId });
    await settle();
    // Discarding the draft changes nothing that is published: the index keeps (or gets again) the published version.
    for (const add of addsOf(standin)) expect(add.body).toEqual([expect.objectContaining({ id: live.documentId, title: 'Box breathing' })]);
    expect(deletesOf(standin).filter((r) => mentions(r, live.documentId))).toEqual([]);
    expect(standin.requests.some((r) => mentions(r, 'DISCARDED-EDIT'))).toBe(false);
    expect(standin.documents(INDEX).find((d) => d.id === live.documentId)).toMatchObject({ title: 'Box breathing', summary: 'Four counts in, four out.' });

    // Discarding the only (draft) version deletes the document: the index is told to drop it, and nothing is added.
    standin.clearRequests();
    await documents().discardDraft({ documentId: draftOnly.documentId });
    expect(await documents().findOne({ documentId: draftOnly.documentId })).toBeNull();
    await settle();
    expect(addsOf(standin)).toHaveLength(0);
    expect(standin.documents(INDEX).find((d) => d.id === draftOnly.documentId)).toBeUndefined();
  });

  it('answers /api/library/search through Meilisearch, with highlights, facets, filters and pages', async () => {
    const made: any[] = [];
    for (const [title, kind, cats] of [
      ['The <tortoise> method for anxious teens', 'article', ['anxiety']],
      ['Tortoise breathing before sleep', 'video', ['anxiety', 'sleep']],
      ['Tortoise sleep diary', 'worksheet', ['sleep']],
      ['Hare-speed worry, slowed down', 'article', ['anxiety']],
    ] as const) {
      made.push(await create({ title, summary: `About: ${title}`, kind, categories: cats.map((c) => category[c]) }, true));
    }
    await settle();
    standin.clearRequests();

    // "tortiose": a typo Meilisearch forgives.
    const res = await api.get('/api/library/search?q=tortiose&pageSize=50');
    expect(res.status).toBe(200);
    expect(res.body.engine).toBe('meilisearch');
    expect(res.body.hits.map((h: any) => h.id).sort()).toEqual(made.slice(0, 3).map((d) => d.documentId).sort());
    const teens = res.body.hits.find((h: any) => h.id === made[0].documentId);
    // Highlights are HTML-escaped text with <mark> around the match.
    expect(teens.highlight.title).toBe('The &lt;<mark>tortoise</mark>&gt; method for anxious teens');
    expect(teens.highlight.summary).toBe('About: The &lt;<mark>tortoise</mark>&gt; method for anxious teens');
    expect(res.body.facets).toEqual({ category: { anxiety: 2, sleep: 2 }, kind: { article: 1, video: 1, worksheet: 1 } });
    expect(res.body).toMatchObject({ query: 'tortiose', page: 1, pageSize: 50, total: 3, pageCount: 1 });
    expect(Object.keys(teens).sort()).toEqual(['categories', 'coverUrl', 'durationMinutes', 'highlight', 'id', 'kind', 'publishedAt', 'slug', 'summary', 'title']);

    // What Haven asked Meilisearch, with the admin key from the server side: one multi-search.
    const searches = () => standin.requestsTo('POST', '/multi-search');
    const [query] = searches();
    expect(query.headers.authorization).toBe(`Bearer ${standin.keys.admin}`);
    expect(query.body).toEqual({
      queries: [
        {
          indexUid: INDEX,
          q: 'tortiose',
          filter: [],
          facets: ['categories', 'kind'],
          page: 1,
          hitsPerPage: 50,
          attributesToHighlight: ['title', 'summary'],
          highlightPreTag: '\u0001',
          highlightPostTag: '\u0002',
        },
      ],
    });

    const filtered = await api.get('/api/library/search?q=tortoise&category=sleep&kind=worksheet');
    expect(filtered.status).toBe(200);
    expect(filtered.body.hits.map((h: any) => h.id)).toEqual([made[2].documentId]);
    // Disjunctive facets: each refined facet counted without its own filter, the other one kept.
    expect(filtered.body.facets).toEqual({ category: { sleep: 1 }, kind: { video: 1, worksheet: 1 } });
    expect(searches()[1].body.queries.map((q: { filter: unknown; facets: unknown; hitsPerPage: unknown }) => [q.filter, q.facets, q.hitsPerPage])).toEqual([
      [['kind IN ["worksheet"]', 'categories IN ["sleep"]'], ['categories', 'kind'], 12],
      [['kind IN ["worksheet"]'], ['categories'], 0],
      [['categories IN ["sleep"]'], ['kind'], 0],
    ]);

    // Ticking Sleep keeps Anxiety's count; ticking Anxiety too shows both (any of).
    const sleep = await api.get('/api/library/search?q=tortoise&category=sleep');
    expect(sleep.body).toMatchObject({ total: 2, facets: { category: { anxiety: 2, sleep: 2 }, kind: { video: 1, worksheet: 1 } } });
    const either = await api.get('/api/library/search?q=tortoise&category=sleep,anxiety');
    expect(either.body.total).toBe(3);
    expect(either.body.facets).toEqual({ category: { anxiety: 2, sleep: 2 }, kind: { article: 1, video: 1, worksheet: 1 } });

    const paged = await api.get('/api/library/search?q=tortoise&pageSize=2&page=2');
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2, total: 3, pageCount: 2 });
    expect(paged.body.hits).toHaveLength(1);

    // No words: the newest first.
    const browse = await api.get('/api/library/search?kind=worksheet');
    expect(browse.status).toBe(200);
    expect(searches().at(-1)!.body.queries[0]).toMatchObject({ q: '', sort: ['publishedAt:desc'] });

    // Meilisearch refusing a search is a 503 for the visitor, never a stack trace or a key.
    await standin.outage('unavailable');
    const down = await api.get('/api/library/search?q=sleep');
    expect(down.status).toBe(503);
    expect(JSON.stringify(down.body)).not.toContain(standin.keys.admin);
  });

  it('gives browsers a search-only key for Haven\'s index from /api/library/search/config, never the admin key', async () => {
    const res = await api.get('/api/library/search/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ engine: 'meilisearch', host: PUBLIC_HOST, apiKey: standin.keys.search, indexUid: INDEX });
    const everything = JSON.stringify(res.body) + JSON.stringify([...res.headers.entries()]);
    for (const secret of [standin.keys.admin, standin.keys.master, standin.keys.readOnly, otherAppKey, standin.url]) expect(everything).not.toContain(secret);

    // What a browser can do with that key: search Haven's index, and nothing else.
    const asBrowser = (method: string, p: string, body?: unknown) =>
      fetch(standin.url + p, { method, headers: { authorization: `Bearer ${res.body.apiKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await asBrowser('POST', `/indexes/${INDEX}/search`, { q: 'sleep' })).status).toBe(200);
    expect((await asBrowser('POST', `/indexes/${INDEX}/documents`, [{ id: 'x', title: 'spam' }])).status).toBe(403);
    expect((await asBrowser('PATCH', `/indexes/${INDEX}/settings`, { filterableAttributes: [] })).status).toBe(403);
    expect((await asBrowser('GET', '/keys')).status).toBe(403);
    // The health endpoint tells the engine, not its keys.
    const health = await api.get('/api/library/health');
    expect(health.body).toEqual({ plugin: 'library', status: 'ok', engine: 'meilisearch' });
  });

  it('keeps editors working through an outage and catches up from the outbox afterwards', async () => {
    const outbox = async (documentId: string) => (await sync().pending()).filter((t: any) => t.resourceDocumentId === documentId);

    // Connection refused: Meilisearch is down.
    await standin.outage('refuse');
    const started = Date.now();
    const during = await create({ title: 'Written during the outage', kind: 'article', categories: [category.grief] }, true);
    expect(during.publishedAt).toBeTruthy();
    expect(Date.now() - started).toBeLessThan(5_000);
    const failing = await waitFor('two failed attempts in the outbox', async () => {
      const [task] = await outbox(during.documentId);
      return task && task.attempts >= 2 ? task : null;
    });
    expect(failing.lastError).toMatch(/has failed: fetch failed: .*ECONNREFUSED/);
    expect(Number(failing.nextAttemptAt)).toBeGreaterThan(0);
    // The editor's data is all there, whatever the search engine does.
    expect(await documents().findOne({ documentId: during.documentId, status: 'published' })).toMatchObject({ title: 'Written during the outage' });

    // 503 from a proxy in front of Meilisearch.
    await standin.outage('unavailable');
    const during503 = await create({ title: 'Written behind a 503', kind: 'article' }, true);
    const unavailable = await waitFor('a 503 in the outbox', async () => {
      const [task] = await outbox(during503.documentId);
      return task && task.attempts >= 1 && /unavailable/i.test(task.lastError ?? '') ? task : null;
    });
    expect(unavailable.lastError).toContain('Meilisearch is unavailable');
    expect(standin.requestsTo('POST', `/indexes/${INDEX}/documents`).some((r) => r.status === 503 && mentions(r, during503.documentId))).toBe(true);

    // Back: both arrive without anyone doing anything, and the outbox empties.
    await standin.outage('none');
    await waitFor('both documents in the index', () => {
      const ids = standin.documents(INDEX).map((d) => d.id);
      return ids.includes(during.documentId) && ids.includes(during503.documentId);
    });
    await waitFor('an empty outbox', async () => (await outbox(during.documentId)).length + (await outbox(during503.documentId)).length === 0);
    expect(standin.documents(INDEX).find((d) => d.id === during.documentId)).toMatchObject({ title: 'Written during the outage', categories: ['grief'] });
  });

  it('retries a task Meilisearch accepted but failed, keeping its error until it succeeds', async () => {
    standin.failTasks({ type: 'documentAdditionOrUpdate', message: 'No space left on device (stand-in)', code: 'no_space_left_on_device' });
    const doc = await create({ title: 'Written while the disk was full', kind: 'link', externalUrl: 'https://example.org' }, true);
    const task = await waitFor('a failed task in the outbox', async () => (await sync().pending()).find((t: any) => t.resourceDocumentId === doc.documentId && t.attempts >= 1));
    expect(task.lastError).toContain('No space left on device (stand-in)');
    expect(standin.documents(INDEX).find((d) => d.id === doc.documentId)).toBeUndefined();
    standin.clearTaskFailures();
    await waitFor('the document in the index', () => standin.documents(INDEX).find((d) => d.id === doc.documentId));
    await waitFor('an empty outbox', async () => !(await sync().pending()).some((t: any) => t.resourceDocumentId === doc.documentId));
  });

  it('rebuilds the whole index with `npm run search:reindex` (scripts/search-reindex.mjs), in batches after a clear', async () => {
    // A bulk import straight into the database (no Document Service, so no outbox): 520 published
    // A bulk import straight into the database (no Document Service, so no outbox): 520 published
    // resources and 3 drafts that only reindex can bring to the index.
    await haven.strapi.db.query(RESOURCE).createMany({ data: bulkResourceRows() });
    // And a draft edit of a published resource, which must not be sent either.
    const edited = await create({ title: 'Reindexed as published', kind: 'article' }, true);
    await documents().update({ documentId: edited.documentId, data: { title: 'REINDEX-DRAFT-EDIT' } as any });
    await settle();
    const published = new Set<string>((await documents().findMany({ status: 'published', fields: ['documentId'], limit: 10_000 } as any)).map((r: any) => r.documentId));
    expect(published.size).toBeGreaterThan(520);
    // Something stale in the index that is no longer published must go.
    await addStaleEntry(standin);
    await waitFor('the stale entry', () => standin.documents(INDEX).some((d) => d.id === 'stale0000000000000000000'));
    standin.clearRequests();

    const run = await runCli(path.join(ROOT, 'scripts', 'search-reindex.mjs'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Rebuilding the library search index in Meilisearch at ${standin.url}, index "${INDEX}"`);
    expect(run.stdout).toMatch(new RegExp(`Reindexed ${published.size} published resources in \\d+\\.\\d s`));
    expect(run.stdout).toContain(`500/${published.size} resources`);
    expect(run.stdout + run.stderr).not.toContain(standin.keys.admin);

    const writes = standin.requests.filter(isWrite);
    const clearAt = writes.findIndex((r) => r.method === 'DELETE' && r.path === `/indexes/${INDEX}/documents`);
    const adds = writes.filter((r) => r.method === 'POST' && r.path === `/indexes/${INDEX}/documents`);
    expect(clearAt).toBeGreaterThanOrEqual(0);
    expect(writes.indexOf(adds[0])).toBeGreaterThan(clearAt);
    expect(adds.map((r) => r.body.length)).toEqual([500, published.size - 500]);
    const sent = adds.flatMap((r) => r.body.map((d: any) => d.id));
    expect(new Set(sent).size).toBe(sent.length);
    expect(new Set(sent)).toEqual(published);
    expect(new Set(standin.documents(INDEX).map((d) => d.id))).toEqual(published);
    expect(standin.requests.some((r) => mentions(r, 'REINDEX-DRAFT-EDIT') || mentions(r, 'Imported resource 521'))).toBe(false);
    expect(standin.documents(INDEX).find((d) => d.id === edited.documentId)?.title).toBe('Reindexed as published');
    for (const request of standin.requests) expect(request.headers.authorization).toBe(`Bearer ${standin.keys.admin}`);

    // Meilisearch down: the script says so and exits non-zero.
    await standin.outage('refuse');
    const failed = await runCli(path.join(ROOT, 'scripts', 'search-reindex.mjs'));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/search:reindex failed after \d+\.\d s: Request to .* has failed: fetch failed: .*ECONNREFUSED/);
  }, 60_000);
});
