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
 * Starts `node ...nodeArgs bench/<script> ...args`. Resolves, once it prints `<readyLine> {json}`, with
 * that JSON as `info`, `stop()` (stdin closed, SIGTERM, SIGKILL after 15 s), `exited` and
 * `ask(command, word)` (a line to its stdin, answered by a `<word> {json}` line). Other lines starting
 * with a word of `handlers` go to that handler (e.g. BENCH_PROGRESS); the rest is echoed.
 */
export function startChild({ script, args = [], nodeArgs = [], env = {}, label, readyLine = 'BENCH_TARGET', timeoutSeconds = 180, handlers = {} }) {
  const child = spawn(process.execPath, [...nodeArgs, path.join(BENCH, script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
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
  /** Answers awaited by ask(), by the word their line starts with. */
  const replies = new Map();
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: no ${readyLine} after ${timeoutSeconds}s`)), timeoutSeconds * 1000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const word = line.split(' ', 1)[0];
      if (replies.get(word)?.length) {
        replies.get(word).shift()(JSON.parse(line.slice(word.length + 1)));
      } else if (word === readyLine) {
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
  /** Writes a command line to the child's stdin; resolves with the JSON of its `<word> {json}` answer. */
  function ask(command, word, timeoutSeconds = 60) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label}: no ${word} ${timeoutSeconds}s after "${command}"`)), timeoutSeconds * 1000);
      const queue = replies.get(word) ?? [];
      replies.set(word, queue);
      queue.push((value) => {
        clearTimeout(timer);
        resolve(value);
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`${label} exited before answering "${command}" (code ${code}, signal ${signal})`));
      });
      child.stdin.write(`${command}\n`);
    });
  }
  return ready.then(
    (info) => ({ info, stop, exited, ask }),
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
