/**
 * The job engine on PostgreSQL (pg-boss, @haven/shared/server/jobs): two CMS processes on one
 * database both ask for every background pass, and each pass runs in one of them only. Always on
 * PostgreSQL, whatever the run's DATABASE_CLIENT: SQLite keeps every process on its own timer.
 */
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, startHaven, type Haven } from '../helpers/haven';
import { startMeilisearchStandin, type MeilisearchStandin } from '../helpers/meilisearch-standin';
import { startSecondCms, type SecondCms } from '../helpers/second-cms';
import { addsOf, INDEX, libraryActions, mentions, waitFor } from './library-meilisearch-helpers';

interface JobRow {
  name: string;
  state: string;
  retry_count: number;
  singleton_on: Date | null;
  /** The process whose timer created the job, and the one that ran it (`host:pid`). */
  sent_by: string | null;
  ran_by: string | null;
}

describe('background passes on PostgreSQL: one process runs each', () => {
  let standin: MeilisearchStandin;
  let haven: Haven;
  let other: SecondCms | undefined;
  const library = libraryActions(() => haven);
  const jobRows = async (): Promise<JobRow[]> =>
    (await haven.strapi.db.connection.raw(`SELECT name, state, retry_count, singleton_on, data->>'sentBy' AS sent_by, output->>'ranBy' AS ran_by FROM pgboss.job ORDER BY created_on`)).rows;
  const processName = (pid: number) => `${os.hostname()}:${pid}`;

  beforeAll(async () => {
    // Each write to the index takes a while, so a pass over many tasks lasts longer than the poll:
    // two processes each running their own poll would both send the same tasks.
    standin = await startMeilisearchStandin({ taskDelayMs: 60 });
    haven = await startHaven({
      database: await createDatabase('postgres'),
      env: {
        MEILISEARCH_HOST: standin.url,
        MEILISEARCH_ADMIN_KEY: standin.keys.admin,
        MEILISEARCH_MASTER_KEY: '',
        MEILISEARCH_SEARCH_KEY: '',
        MEILISEARCH_INDEX: INDEX,
        SEARCH_SYNC_POLL_MS: '100',
        BOOKING_HOLD_SWEEP_MS: '200',
        BOOKING_REMINDER_POLL_MS: '300',
      },
    });
    if (!process.env.HAVEN_TEST_LOG_LEVEL) haven.strapi.log.level = 'error';
  });
  afterAll(async () => {
    await other?.stop();
    await haven?.close();
    await standin?.close();
  });

  it('sends each search sync task to the search engine once, though both processes poll the outbox', async () => {
    const resources = [];
    for (let i = 0; i < 24; i++) resources.push(await library.create({ title: `Grounding exercise ${i}`, summary: `Breathing ${i}.`, kind: 'article' }, true));
    await library.settle();
    other = await startSecondCms();

    // Tasks written straight into the outbox (as a bulk import would, waking no process): only the polls find them.
    standin.clearRequests();
    const tasks = haven.strapi.db.query('plugin::library.sync-task');
    for (const resource of resources) await tasks.create({ data: { resourceDocumentId: resource.documentId, attempts: 0, nextAttemptAt: null } });
    await waitFor('an empty search outbox', async () => (await tasks.count({})) === 0, 30_000);
    // Both processes poll a few more times: a duplicate would show now.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const adds = addsOf(standin);
    for (const resource of resources) expect(adds.filter((r) => mentions(r, resource.documentId)), resource.documentId).toHaveLength(1);
    expect(adds.length).toBeGreaterThanOrEqual(resources.length);

    // The passes were the job engine's: its jobs for the sync, each run once, by one process or the other.
    const syncJobs = (await jobRows()).filter((job) => job.name === 'library.search-sync' && job.state === 'completed');
    expect(syncJobs.length).toBeGreaterThan(0);
    for (const job of syncJobs) expect([processName(process.pid), processName(other.child.pid!)]).toContain(job.ran_by);
  });

  it('keeps one job per interval slot though both processes schedule every pass, and runs each once', async () => {
    const pids = [processName(process.pid), processName(other!.child.pid!)];
    // Both processes' timers ask for slots: jobs created by each of them are seen.
    await waitFor(
      'jobs scheduled by both processes',
      async () => {
        const senders = new Set((await jobRows()).filter((job) => job.singleton_on).map((job) => job.sent_by));
        return pids.every((pid) => senders.has(pid));
      },
      20_000,
    );

    const rows = await jobRows();
    const slots = new Map<string, number>();
    for (const job of rows.filter((row) => row.singleton_on)) {
      const key = `${job.name} ${new Date(job.singleton_on!).toISOString()}`;
      slots.set(key, (slots.get(key) ?? 0) + 1);
    }
    expect([...slots].filter(([, count]) => count > 1)).toEqual([]);
    // Short intervals for these: many slots passed, each with a single job.
    for (const name of ['booking.hold-sweeper', 'booking.reminders', 'library.search-sync']) {
      expect([...slots.keys()].filter((key) => key.startsWith(`${name} `)).length, name).toBeGreaterThan(2);
    }
    // A daily pass both processes asked for at their start (the library's engagement pruning): one job today, run once.
    const daily = rows.filter((job) => job.name === 'library.engagement-prune');
    expect(daily).toHaveLength(1);
    expect(daily[0]).toMatchObject({ state: 'completed', retry_count: 0 });
    expect(pids).toContain(daily[0].ran_by);
    // Nothing failed or was retried.
    expect(rows.filter((job) => job.state === 'failed' || job.retry_count > 0)).toEqual([]);
  });

  it('refuses to start on an unknown JOBS_ENGINE, a bad JOBS_POOL_MAX, or pg-boss on SQLite', async () => {
    await expect(startSecondCms({ env: { JOBS_ENGINE: 'cron' } })).rejects.toThrow(/JOBS_ENGINE must be "pg-boss" or "in-process", not "cron"/);
    await expect(startSecondCms({ env: { JOBS_POOL_MAX: '500' } })).rejects.toThrow(/JOBS_POOL_MAX must be a whole number from 2 to 50, not "500"/);
    const sqlite = await createDatabase('sqlite');
    try {
      await expect(startSecondCms({ env: { ...sqlite.env, JOBS_ENGINE: 'pg-boss' } })).rejects.toThrow(/JOBS_ENGINE=pg-boss needs PostgreSQL/);
    } finally {
      await sqlite.drop();
    }
  });
});
