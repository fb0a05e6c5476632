#!/usr/bin/env node
/**
 * Haven's compiled CMS as N processes sharing one port through node:cluster, on one PostgreSQL database
 * (the bench's own stand-in for several CMS processes behind one address; scripts/start.mjs has its own).
 *
 *   node bench/cms-cluster-target.mjs postgres <processes>    # needs DATABASE_URL
 *
 * The primary picks a free port, forks worker 1 and waits until it answers: worker 1 runs the demo seed
 * and, with BENCH_MIXED_PEOPLE set, creates the mixed scenario's accounts (bench/lib/mixed-data.mjs).
 * Then it forks the others (no seed: the data is there) and prints `BENCH_TARGET {"url", "processes",
 * "pids", …, "mixed"}` once every worker answers on the shared port. With more than one process, the chat
 * and the limits shared through Redis join them (BENCH_REDIS_URL, default redis://127.0.0.1:6379) under a
 * prefix of this run's own, as a deployment of several processes does. The primary accepts the connections and hands them to
 * the workers in turn (cluster's round-robin); keep-alive connections stay with their worker.
 *
 * Stops on SIGTERM/SIGINT or when its stdin closes (the bench went away): every worker destroys Strapi.
 */
import cluster from 'node:cluster';
import crypto from 'node:crypto';
import { freePort } from './lib/http.mjs';
import { applyBenchStrapiEnv, assertCompiled, createStrapiApp, databaseArgument, emit, targetInfo } from './lib/strapi.mjs';

const BOOT_TIMEOUT_MS = Number(process.env.BENCH_BOOT_TIMEOUT || 180) * 1000;

if (cluster.isPrimary) await primary();
else await worker();

/** Redis for this run alone: the chat's keys and the shared limits' under a prefix no other run or test uses. */
function redisOfTheRun() {
  const prefix = `bench_${crypto.randomBytes(6).toString('hex')}`;
  return { REDIS_URL: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379', CHAT_REDIS_PREFIX: prefix, REDIS_PREFIX: prefix };
}

async function primary() {
  const database = databaseArgument(process.argv[2], 'usage: node bench/cms-cluster-target.mjs postgres <processes>');
  const processes = Number(process.argv[3]);
  if (!Number.isInteger(processes) || processes < 1 || processes > 16) {
    console.error('cms-cluster-target: <processes> must be a whole number from 1 to 16');
    process.exit(2);
  }
  assertCompiled();
  // One set of secrets for every worker: a token one issues, another checks.
  applyBenchStrapiEnv(database, {
    BENCH_CLUSTER_PORT: String(await freePort()),
    ...(processes > 1 ? redisOfTheRun() : {}),
  });
  // Workers' stdin is not the bench's pipe (the bench's commands and end-of-input are the primary's).
  cluster.setupPrimary({ stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

  const workers = new Set();
  let stopping = false;
  async function stop(code = 0) {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), 20_000).unref(); // never hang on the way out
    await Promise.all(
      [...workers].map(
        (w) =>
          new Promise((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', resolve);
            w.process.kill('SIGTERM');
          }),
      ),
    );
    process.exit(code);
  }
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  process.stdin.on('end', () => stop(0));
  process.stdin.on('error', () => stop(0));
  process.stdin.resume();
  cluster.on('exit', (w, code, signal) => {
    workers.delete(w);
    if (!stopping) {
      console.error(`[cms-cluster-target] worker ${w.id} exited (code ${code}, signal ${signal}): stopping`);
      stop(1);
    }
  });

  /** Forks a worker; resolves with what it says once it listens. */
  const fork = (env) =>
    new Promise((resolve, reject) => {
      const w = cluster.fork(env);
      workers.add(w);
      const timer = setTimeout(() => reject(new Error(`worker ${w.id}: not listening after ${BOOT_TIMEOUT_MS / 1000} s`)), BOOT_TIMEOUT_MS);
      w.on('message', (message) => {
        if (message?.kind !== 'ready') return;
        clearTimeout(timer);
        resolve(message);
      });
    });

  try {
    const first = await fork({ HAVEN_SEED_DEMO: 'true', BENCH_WORKER_FIRST: '1' });
    const rest = await Promise.all(Array.from({ length: processes - 1 }, () => fork({ HAVEN_SEED_DEMO: 'false' })));
    emit('BENCH_TARGET', { ...first.info, processes, pids: [first.pid, ...rest.map((r) => r.pid)], redis: Boolean(process.env.REDIS_URL), mixed: first.mixed ?? null });
  } catch (error) {
    console.error('[cms-cluster-target] start failed:', error);
    await stop(1);
  }
}

async function worker() {
  const database = process.env.DATABASE_CLIENT;
  const app = createStrapiApp();
  let stopping = false;
  async function stop(code = 0) {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), 10_000).unref();
    try {
      await app.destroy();
    } catch (error) {
      console.error(`[cms-cluster-target ${process.pid}] destroy failed:`, error?.message ?? error);
    }
    process.exit(code);
  }
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  process.on('disconnect', () => stop(0)); // the primary went away
  try {
    const strapi = await app.load();
    strapi.log.level = process.env.BENCH_LOG_LEVEL || 'warn';
    let mixed = null;
    if (process.env.BENCH_WORKER_FIRST && process.env.BENCH_MIXED_PEOPLE) {
      const { createMixedData } = await import('./lib/mixed-data.mjs');
      mixed = await createMixedData(strapi, Number(process.env.BENCH_MIXED_PEOPLE));
    }
    await strapi.server.mount();
    const port = Number(process.env.BENCH_CLUSTER_PORT);
    await new Promise((resolve) => strapi.server.httpServer.listen(port, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${port}`;
    process.send({ kind: 'ready', pid: process.pid, info: await targetInfo(strapi, database, url), mixed });
  } catch (error) {
    console.error(`[cms-cluster-target ${process.pid}] start failed:`, error);
    await stop(1);
  }
}
