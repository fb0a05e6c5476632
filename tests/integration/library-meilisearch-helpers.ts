import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { apiClient, ROOT, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { startMeilisearchStandin, type MeilisearchStandin, type RecordedRequest } from '../helpers/meilisearch-standin';

/** Shared pieces of the library's Meilisearch tests: constants, polling, request filters, the Haven-on-a-stand-in fixture and the CLI runner. */
export const RESOURCE = 'api::resource.resource';
export const INDEX = 'haven_resources';
export const PUBLIC_HOST = 'https://search.haven.example';

/** Polls until `check` returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const isWrite = (r: RecordedRequest) => r.method !== 'GET' && !/\/(indexes\/[^/]+\/|multi-)search$/.test(r.path);
export const mentions = (r: RecordedRequest, text: string) => JSON.stringify(r.body ?? '').includes(text) || r.path.includes(text);
export const addsOf = (standin: MeilisearchStandin) => standin.requestsTo('POST', `/indexes/${INDEX}/documents`);
export const deletesOf = (standin: MeilisearchStandin) => standin.requestsTo('POST', `/indexes/${INDEX}/documents/delete-batch`);

export interface LibrarySearchFixture {
  standin: MeilisearchStandin;
  haven: Haven;
  api: ApiClient;
  otherAppKey: string;
  category: Record<string, string>;
  startup: RecordedRequest[];
}

/** Starts the stand-in and a Haven whose library searches through it; `startup` is what Haven sent while starting. */
export async function startLibraryOnStandin(): Promise<LibrarySearchFixture> {
  const standin = await startMeilisearchStandin();
  // A search-only key of another application on the same instance, newer than the default ones
  // (so listed first): it cannot search Haven's index and must never be handed to browsers.
  const otherAppKey = standin.addKey({ name: 'Other app search key', actions: ['search'], indexes: ['other_app'] }).key;
  // Closed here when Haven fails to start: the test's afterAll only knows what this returns.
  const haven = await startHaven({
    env: {
      MEILISEARCH_HOST: standin.url,
      MEILISEARCH_ADMIN_KEY: standin.keys.admin,
      MEILISEARCH_MASTER_KEY: '',
      MEILISEARCH_SEARCH_KEY: '',
      MEILISEARCH_PUBLIC_HOST: PUBLIC_HOST,
      MEILISEARCH_INDEX: INDEX,
      SEARCH_SYNC_RETRY_MS: '100',
      SEARCH_SYNC_MAX_RETRY_MS: '400',
      SEARCH_SYNC_POLL_MS: '100',
    },
  }).catch(async (err: unknown) => {
    await standin.close();
    throw err;
  });
  // The outages below are on purpose and checked through the stand-in's records: the sync's warnings
  // about them would read, in a passing run, like something to fix (HAVEN_TEST_LOG_LEVEL still wins).
  if (!process.env.HAVEN_TEST_LOG_LEVEL) haven.strapi.log.level = 'error';
  const startup = [...standin.requests];
  const api = apiClient(haven.url);
  const rows = await haven.strapi.db.query('api::category.category').findMany({ select: ['slug', 'documentId'] });
  const category = Object.fromEntries(rows.map((c: any) => [c.slug, c.documentId]));
  return { standin, haven, api, otherAppKey, category, startup };
}

/** Rows for a bulk import straight into the database (no Document Service, so no outbox): 520 published resources and 3 drafts. */
export function bulkResourceRows(): Record<string, unknown>[] {
  const stamp = new Date();
  const id = () => crypto.randomBytes(18).toString('base64').replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 24).padEnd(24, '0');
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < 523; i++) {
    const documentId = id();
    const base = { documentId, title: `Imported resource ${i}`, slug: `imported-${i}-${documentId.slice(0, 6)}`, kind: 'article', summary: `Bulk ${i}`, createdAt: stamp, updatedAt: stamp };
    rows.push({ ...base, publishedAt: null });
    if (i < 520) rows.push({ ...base, publishedAt: stamp });
  }
  return rows;
}

/** Runs a Node script as `npm run` would, with this test's environment (its database and Meilisearch). */
export function runCli(script: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}


/** The test's ways into the library: its sync service, waiting for the outbox to empty, and creating resources. */
export function libraryActions(getHaven: () => Haven) {
  const sync = () => getHaven().strapi.plugin('library').service('sync');
  /** Waits until the outbox is empty: every change sent, including retries of a transient failure. */
  const settle = async () => {
    await sync().flush();
    await waitFor('an empty search outbox', async () => (await sync().pending()).length === 0);
  };
  const documents = () => getHaven().strapi.documents(RESOURCE);
  /** Creates a resource (a draft unless `published`), with a unique slug as the admin would make one. */
  const create = (data: Record<string, unknown>, published = false) =>
    documents().create({ data: { slug: `${String(data.title).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${crypto.randomBytes(3).toString('hex')}`, ...data } as any, ...(published ? { status: 'published' as const } : {}) });
  return { sync, settle, documents, create };
}

/** Puts an entry straight into the index, as something stale that is no longer published. */
export async function addStaleEntry(standin: MeilisearchStandin): Promise<void> {
  await fetch(`${standin.url}/indexes/${INDEX}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${standin.keys.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ id: 'stale0000000000000000000', title: 'Stale entry' }]),
  });
}
