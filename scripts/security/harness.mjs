/**
 * The audit's harness (../audit-security.mjs): one line per case as it runs, the children it starts
 * (the CMS, the site, throwaway CMSs for the start-up checks) and their environment, and the closing
 * table. The attack cases themselves stay in the audit and in areas/.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every case's outcome, in order: { item, name, ok, detail }. */
export const results = [];
const children = new Set();

export function record(item, name, ok, detail = '') {
  results.push({ item, name, ok, detail });
  process.stdout.write(`${ok ? '  ok  ' : ' FAIL '} [${item}] ${name}${detail && !ok ? ` — ${detail}` : ''}\n`);
}

/** Runs one case: `run` answers true (or nothing) when it passes, anything else is the failure's detail. */
export async function check(item, name, run) {
  try {
    const outcome = await run();
    if (outcome === true || outcome === undefined) record(item, name, true);
    else record(item, name, false, String(outcome));
  } catch (error) {
    record(item, name, false, error?.message ?? String(error));
  }
}

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const secrets = () => {
  const random = () => crypto.randomBytes(24).toString('base64');
  return { APP_KEYS: `${random()},${random()}`, JWT_SECRET: random(), ADMIN_JWT_SECRET: random(), API_TOKEN_SALT: random(), TRANSFER_TOKEN_SALT: random(), ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    // Chat refuses to start without its master key; wellness, two-step sign-in (identity), exports
    // (privacy) and licence documents (applications) answer 503 without theirs. The audit probes a
    // complete stack, so each gets a throwaway key here: it must not lean on a developer's .env, which
    // a clean clone does not have.
    ...Object.fromEntries(['CHAT', 'WELLNESS', 'IDENTITY', 'PRIVACY', 'APPLICATIONS'].map((name) => [`${name}_MASTER_KEYS`, `1:${crypto.randomBytes(32).toString('base64')}`])) };
};

/** Starts a child; resolves when `ready(output)` holds, rejects when it exits first or times out. */
export function startChild(label, args, env, ready, timeoutMs = 120_000) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code) => { children.delete(child); resolve(code); }));
  const started = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}:\n${output.slice(-2000)}`);
      if (await ready(output)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${label} did not start in time:\n${output.slice(-2000)}`);
  })();
  return { child, started, exited, output: () => output, stop: async () => { if (child.exitCode === null) child.kill('SIGTERM'); const timer = setTimeout(() => child.kill('SIGKILL'), 5000); await exited; clearTimeout(timer); } };
}

/** Kills whatever child is still running (the audit's last word, even after a failure). */
export function killChildren() {
  for (const child of children) child.kill('SIGKILL');
}

/** A CMS's environment: development on loopback, SQLite, fresh secrets, then `extra`. */
export const cmsEnv = (extra) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? os.tmpdir(),
  NODE_ENV: 'development',
  STRAPI_TELEMETRY_DISABLED: 'true',
  STRAPI_STARTUP_LOG: 'false',
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  DATABASE_CLIENT: 'sqlite',
  TRUSTED_PROXIES: '127.0.0.1',
  LOGIN_LOCKOUT_BASE_MS: '2000',
  ...secrets(),
  ...extra,
});

/** Stack frames, SQL, driver or JavaScript error names: what an error body must never show. */
const INTERNALS = [/\bat [\w.<>]+ \(/, /select .* from/i, /sqlite/i, /\b(TypeError|RangeError|SyntaxError|ReferenceError)\b/, /Cannot (destructure|read)/, /node_modules/];
export const leaksInternals = (text) => INTERNALS.some((pattern) => pattern.test(text));

/** The cookies a response sets, as a Cookie header (cleared ones left out). */
export function cookiesOf(res) {
  const set = res.headers['set-cookie'] ?? [];
  return set.map((line) => line.split(';')[0]).filter((pair) => !pair.endsWith('=')).join('; ');
}

/** The closing table (passed and failed per item), the total and each failure again; answers the exit code. */
export function summarize(areas, began) {
  const failed = results.filter((r) => !r.ok);
  const byItem = new Map();
  for (const r of results) {
    const entry = byItem.get(r.item) ?? { ok: 0, failed: 0 };
    entry[r.ok ? 'ok' : 'failed'] += 1;
    byItem.set(r.item, entry);
  }
  const names = { ...Object.fromEntries(areas.map((area) => [area.item, area.title])), 1: 'uploads', 2: 'passwords, stalls, body sizes', 3: 'trusted proxies, lock-outs', 4: 'open redirects', 5: 'drafts', 8: 'safe defaults', 9: 'malformed input', '-': 'audit' };
  console.log('\n  item  area                              passed  failed');
  for (const [item, entry] of byItem) console.log(`  ${String(item).padEnd(5)} ${String(names[item] ?? '').padEnd(33)} ${String(entry.ok).padStart(6)}  ${String(entry.failed).padStart(6)}`);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed in ${((Date.now() - began) / 1000).toFixed(0)} s`);
  for (const f of failed) console.log(`  FAIL [${f.item}] ${f.name}: ${f.detail}`);
  return failed.length ? 1 : 0;
}
