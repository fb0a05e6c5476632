// Bench targets run in child processes (one Strapi per process): start one, wait for the line that
// says it is ready, echo what it prints, stop it with everything it started.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { onCleanup } from './cleanup.mjs';
import { BENCH, ROOT, flagFromEnv, log } from './env.mjs';

const VERBOSE = flagFromEnv('BENCH_VERBOSE', false);
const ANSI = /\x1b\[[0-9;]*m/g;

/** Echoes a child's line, leaving out Strapi's start-up info lines (migrations, seed) unless BENCH_VERBOSE=1. */
function echo(label, line) {
  if (!VERBOSE && /^\[[^\]]+\] (info|http|debug|verbose): /.test(line.replace(ANSI, ''))) return;
  log(`    [${label}] ${line}`);
}

/**
 * Starts `node bench/<script> ...args`. Resolves, once it prints `<readyLine> {json}`, with that JSON
 * as `info`, `stop()` (stdin closed, SIGTERM, SIGKILL after 15 s) and `exited`. Other lines starting
 * with a word of `handlers` go to that handler (e.g. BENCH_PROGRESS); the rest is echoed.
 */
export function startChild({ script, args = [], env = {}, label, readyLine = 'BENCH_TARGET', timeoutSeconds = 180, handlers = {} }) {
  const child = spawn(process.execPath, [path.join(BENCH, script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  });
  readline.createInterface({ input: child.stderr }).on('line', (line) => echo(label, line));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: no ${readyLine} after ${timeoutSeconds}s`)), timeoutSeconds * 1000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const word = line.split(' ', 1)[0];
      if (word === readyLine) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(readyLine.length + 1)));
      } else if (handlers[word]) {
        handlers[word](JSON.parse(line.slice(word.length + 1)));
      } else {
        echo(label, line);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited before ${readyLine} (code ${code}, signal ${signal})`));
    });
  });
  return ready.then(
    (info) => ({ info, stop, exited }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

/** Compiles the plugins and the CMS (npm run build:cms) unless BENCH_SKIP_BUILD=1. */
export function buildCms() {
  if (flagFromEnv('BENCH_SKIP_BUILD', false)) return;
  log('== Compiling plugins and CMS (npm run build:cms; BENCH_SKIP_BUILD=1 skips this)');
  const res = spawnSync('npm', ['run', 'build:cms'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`npm run build:cms failed (exit ${res.status ?? res.signal})`);
}
