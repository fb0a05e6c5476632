/**
 * The CMS as `npm start` runs it with CMS_PROCESSES=2 (issue 21, item 3): scripts/cluster.mjs forks
 * two scripts/cms-worker.mjs processes that share one port, on an empty PostgreSQL database of its
 * own. Both start (one after the other, through the start-up lock) and say so with their pid; a worker
 * that dies is started again while the other keeps answering; SIGTERM stops the primary and every
 * worker. Without the demo seed, to keep it short.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, freePort, ROOT, type HavenDatabase } from '../helpers/haven';
import { standaloneCmsEnv } from '../helpers/standalone-cms-env';

const LISTENING = /cluster: worker (\d+) listening/g;

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('CMS_PROCESSES=2: two CMS workers sharing one port', () => {
  let database: HavenDatabase;
  let workDir: string;
  let primary: ChildProcess;
  let url: string;
  let log = '';

  const listeningPids = () => [...log.matchAll(LISTENING)].map((match) => Number(match[1]));
  async function until(what: string, check: () => boolean, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s:\n${log}`);
      if (primary.exitCode !== null) throw new Error(`the cluster exited (${primary.exitCode}) before ${what}:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    database = await createDatabase('postgres');
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cms-cluster-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    primary = spawn(process.execPath, [path.join(ROOT, 'scripts', 'cluster.mjs'), '2', path.join(ROOT, 'scripts', 'cms-worker.mjs')], {
      env: { ...process.env, ...standaloneCmsEnv(database, workDir, { HOST: '127.0.0.1', PORT: String(port) }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stdout!.on('data', (chunk) => (log += chunk));
    primary.stderr!.on('data', (chunk) => (log += chunk));
    await until('two workers listening', () => listeningPids().length >= 2, 180_000);
  }, 200_000);

  afterAll(async () => {
    if (primary && primary.exitCode === null) {
      primary.kill('SIGKILL');
      for (const pid of listeningPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    await database?.drop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('two workers, each its own process, answer on the one port', async () => {
    const pids = listeningPids();
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(primary.pid);
    for (const pid of pids) expect(alive(pid)).toBe(true);
    for (let i = 0; i < 6; i += 1) expect((await fetch(`${url}/_health`)).status).toBe(204);
    expect(log).toMatch(/\[startup-lock\] waiting for haven-start pid \d+/);
  });

  it('a worker that dies is started again, and the other answers meanwhile', async () => {
    const [victim, survivor] = listeningPids();
    process.kill(victim, 'SIGKILL');
    await until('the restart notice', () => log.includes(`cluster: worker ${victim} stopped (signal SIGKILL)`), 10_000);
    expect(log).toContain(`cluster: worker ${victim} stopped (signal SIGKILL) after`);
    expect(log).toContain('starting another in 1 s');
    expect((await fetch(`${url}/_health`)).status).toBe(204);
    await until('a third worker listening', () => listeningPids().length >= 3, 90_000);
    const replacement = listeningPids()[2];
    expect([victim, survivor]).not.toContain(replacement);
    expect(alive(replacement) && alive(survivor)).toBe(true);
    expect((await fetch(`${url}/_health`)).status).toBe(204);
  }, 120_000);

  it('SIGTERM stops every worker and then the primary, with exit code 0', async () => {
    const workers = listeningPids().filter(alive);
    expect(workers).toHaveLength(2);
    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workers.filter(alive)).toEqual([]);
    expect(log.match(/Strapi has been shut down/g)?.length).toBeGreaterThanOrEqual(2);
  }, 30_000);
});
