#!/usr/bin/env node
// `node scripts/cluster.mjs <count> <worker script> [args…]`: the primary of a node:cluster that runs
// <count> copies of <worker script>, which share the port they listen on (the primary hands each new
// connection to one of them). scripts/start.mjs runs the CMS (scripts/cms-worker.mjs) and the site
// (site/server.mjs) through it when CMS_PROCESSES or SITE_PROCESSES is above 1.
// - A worker that dies after it listened is started again, after 1 s, then 2, 4, … up to 30 s while
//   they keep dying within a minute of their start; the wait goes back to 1 s after a worker that lasted.
// - A worker that dies before any worker ever listened stops everything with its exit code: a start
//   that fails (configuration, database) fails the same way in every worker, and should be said, not
//   retried for ever.
// - SIGTERM or SIGINT: every worker gets SIGTERM, then SIGKILL after 15 s, and the primary exits.
import cluster from 'node:cluster';
import path from 'node:path';

const [countArg, script, ...args] = process.argv.slice(2);
const count = Number(countArg);
if (!Number.isInteger(count) || count < 1 || !script) {
  console.error('usage: node scripts/cluster.mjs <count> <worker script> [args…]');
  process.exit(64);
}

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
const LASTED_MS = 60_000;
const STOP_GRACE_MS = 15_000;

cluster.setupPrimary({ exec: path.resolve(script), args });

let anyListened = false;
let stopping = false;
let stopCode = 0;
let backoffMs = MIN_BACKOFF_MS;
/** The live workers, with when each started (to tell a worker that lasted from one that keeps dying). */
const live = new Map();

function fork() {
  const worker = cluster.fork();
  live.set(worker.id, { worker, at: Date.now() });
}

cluster.on('listening', (worker, address) => {
  console.log(`cluster: worker ${worker.process.pid} listening${anyListened ? '' : ` on port ${address.port}`}`);
  anyListened = true;
});

cluster.on('exit', (worker, code, signal) => {
  const lasted = Date.now() - (live.get(worker.id)?.at ?? Date.now());
  live.delete(worker.id);
  if (stopping) {
    if (live.size === 0) process.exit(stopCode);
    return;
  }
  const how = signal ? `signal ${signal}` : `exit ${code}`;
  if (!anyListened) {
    console.error(`cluster: worker ${worker.process.pid} stopped before any worker started (${how}): stopping.`);
    stopAll(code || 1);
    return;
  }
  if (lasted >= LASTED_MS) backoffMs = MIN_BACKOFF_MS;
  console.error(`cluster: worker ${worker.process.pid} stopped (${how}) after ${Math.round(lasted / 1000)} s; starting another in ${backoffMs / 1000} s.`);
  setTimeout(() => {
    if (!stopping) fork();
  }, backoffMs);
  backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
});

function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  stopCode = code;
  if (live.size === 0) process.exit(code);
  for (const { worker } of live.values()) worker.process.kill('SIGTERM');
  setTimeout(() => {
    for (const { worker } of live.values()) worker.process.kill('SIGKILL');
    process.exit(code);
  }, STOP_GRACE_MS).unref();
}

process.on('SIGTERM', () => stopAll(0));
process.on('SIGINT', () => stopAll(0));

console.log(`cluster: starting ${count} processes`);
for (let i = 0; i < count; i += 1) fork();
