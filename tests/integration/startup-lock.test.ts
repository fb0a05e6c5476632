/**
 * Several CMS processes starting at once on one empty PostgreSQL database (issue 21, item 3:
 * CMS_PROCESSES, or several machines). Without the start-up lock (cms/src/lib/db/startup-lock.ts) one
 * of them died in Strapi's schema sync (`create table "files"` … duplicate key in pg_type) and, when
 * they overlapped later, both seeded the demo community: six demo accounts twice. With it, they start
 * one after another: both come up, every demo account, role and category exists once, and neither
 * prints an error.
 * Always PostgreSQL (SQLite has one process per file), in a database of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, ROOT, type HavenDatabase } from '../helpers/haven';
import { startSecondCms, type SecondCms } from '../helpers/second-cms';
import { standaloneCmsEnv } from '../helpers/standalone-cms-env';

const seedFile = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'database', 'seed', name), 'utf8'));
const demo = seedFile('demo.json');
const community = seedFile('community.json');
const categories: { slug: string }[] = seedFile('categories.json');

describe('two CMS processes starting at the same moment on one empty PostgreSQL database', () => {
  let database: HavenDatabase;
  let workDir: string;
  const processes: SecondCms[] = [];
  let db: pg.Client;

  beforeAll(async () => {
    database = await createDatabase('postgres');
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-startup-lock-'));
    // One environment for both, as CMS_PROCESSES gives its workers (LOG_LEVEL info: the lock's "waiting for …" line is checked).
    const env = standaloneCmsEnv(database, workDir, { HAVEN_SEED_DEMO: 'true' });
    const started = await Promise.allSettled([0, 1].map(() => startSecondCms({ listen: true, env, startTimeoutMs: 180_000 })));
    for (const result of started) if (result.status === 'fulfilled') processes.push(result.value);
    const failed = started.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed.length) throw new Error(failed.map((result) => String(result.reason)).join('\n'));
    db = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await db.connect();
  }, 400_000);

  afterAll(async () => {
    await db?.end();
    await Promise.all(processes.map((process) => process.stop()));
    await database?.drop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const counts = async (sql: string) => new Map((await db.query<{ name: string; count: string }>(sql)).rows.map((row) => [row.name, Number(row.count)]));

  it('both come up and answer; one waited for the other; neither printed an error', async () => {
    for (const cms of processes) expect((await fetch(`${cms.url}/_health`)).status).toBe(204);
    const waited = processes.filter((cms) => cms.output().includes('[startup-lock] waiting for haven-start pid'));
    expect(waited).toHaveLength(1);
    for (const cms of processes) expect(cms.output()).not.toMatch(/error/i);
  });

  it('every demo account, role and category exists exactly once', async () => {
    const siteEmails = [...demo.clients, ...demo.therapists, ...community.members].map((person: { email: string }) => person.email);
    const users = await counts(`select email as name, count(*) from up_users group by email`);
    expect(Object.fromEntries(siteEmails.map((email) => [email, users.get(email)]))).toEqual(Object.fromEntries(siteEmails.map((email) => [email, 1])));
    expect([...users.values()].every((count) => count === 1)).toBe(true);

    const staff = await counts(`select email as name, count(*) from admin_users group by email`);
    expect(staff).toEqual(new Map(demo.staff.map((person: { email: string }) => [person.email, 1])));

    const siteRoles = await counts(`select type as name, count(*) from up_roles group by type`);
    expect(siteRoles).toEqual(new Map(['public', 'authenticated', 'client', 'therapist'].map((type) => [type, 1])));
    const staffRoles = await counts(`select code as name, count(*) from admin_roles group by code`);
    expect([...staffRoles.values()].every((count) => count === 1)).toBe(true);
    expect(staffRoles.has('strapi-super-admin') && staffRoles.has('haven-moderator')).toBe(true);

    // Per slug and per state (draft, published): one row each.
    const perState = (table: string) => counts(`select slug || ':' || (published_at is null) as name, count(*) from ${table} group by slug, published_at is null`);
    const slugs = (rows: Map<string, number>) => new Set([...rows.keys()].map((name) => name.split(':')[0]));
    const categoryRows = await perState('categories');
    expect(slugs(categoryRows)).toEqual(new Set(categories.map((category) => category.slug)));
    expect([...categoryRows.values()].every((count) => count === 1)).toBe(true);
    const resources = await perState('resources');
    expect(slugs(resources)).toEqual(new Set(demo.resources.map((resource: { slug: string }) => resource.slug)));
    expect([...resources.values()].every((count) => count === 1)).toBe(true);
  });
});
