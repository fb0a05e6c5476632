// What a bench records: the machine and commit measured, raw figures in bench/out/, and its own
// section of bench/RESULTS.md (between its markers; the other sections stay as they are).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BENCH, ROOT, flagFromEnv, log } from './env.mjs';

const require = createRequire(import.meta.url);
const RESULTS_FILE = path.join(BENCH, 'RESULTS.md');
const HEADER = '# Haven benchmark results\n\nOne section per benchmark, newest figures of each; each `npm run bench…` command rewrites only its own section (between its markers).\n';

export function machine() {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    autocannon: require('autocannon/package.json').version,
    loadavg: os.loadavg().map((n) => n.toFixed(2)).join(' '),
  };
}

/** Warns, before measuring, about what distorts the figures. */
export function warnAboutMachine(info = machine()) {
  if (!process.version.startsWith('v24.')) log(`warning: Haven targets Node 24; this is ${process.version}`);
  if (os.loadavg()[0] > 0.5) log(`warning: load average ${info.loadavg}: other work on this machine will distort the figures`);
}

/** The commit measured, with "+ local changes" when the code under `paths` differs from it (read-only git). */
export function commit(paths = ['cms', 'plugins', 'packages', 'config']) {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return null;
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', ...paths);
  return `${head.stdout.trim()}${dirty.status === 0 && dirty.stdout.trim() ? ' + local changes' : ''}`;
}

/**
 * The opening sentence of a section: when, on what and at which commit it ran, and the load average
 * before and after (other work on a shared machine shows in the figures).
 */
export function runLine(startedAt, loadAtStart) {
  const when = startedAt.toISOString().slice(0, 16).replace('T', ' ');
  return (
    `Run ${when} UTC on ${os.cpus().length} cores, Node ${process.versions.node}, code at ${commit() ?? 'unknown'}; ` +
    `load average ${loadAtStart} at the start, ${machine().loadavg} at the end (other work on this shared machine shows in the figures).`
  );
}

/** Writes the raw figures to bench/out/<section>-<time>.json; returns the path, relative to the repository. */
export function writeRaw(section, startedAt, data) {
  const outDir = path.join(BENCH, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${section}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
  return path.relative(ROOT, file);
}

/** The markers around a section; `text` must start with markerStart(section) and end with markerEnd(section). */
export const markerStart = (section) => `<!-- bench:${section}:start -->`;
export const markerEnd = (section) => `<!-- bench:${section}:end -->`;

/** Replaces the section's text in bench/RESULTS.md (between its markers), or appends it. */
export function writeResults(section, text) {
  let current = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : HEADER;
  // Older files opened a section with `:begin …` instead of `:start`.
  const begin = [markerStart(section), `<!-- bench:${section}:begin`].map((m) => current.indexOf(m)).find((i) => i !== -1) ?? -1;
  const end = begin === -1 ? -1 : current.indexOf(markerEnd(section), begin);
  if (begin !== -1 && end !== -1) current = current.slice(0, begin) + text + current.slice(end + markerEnd(section).length);
  else current = `${current.trimEnd()}\n\n${text}\n`;
  fs.writeFileSync(RESULTS_FILE, current.endsWith('\n') ? current : `${current}\n`);
  log(`updated ${path.relative(ROOT, RESULTS_FILE)} (section "${section}")`);
}

/**
 * The end of every bench: raw figures to bench/out/, the table lines on the terminal, then the
 * section in RESULTS.md, unless a measurement failed (then it throws and RESULTS.md stays as it was)
 * or BENCH_WRITE=false.
 */
export function report({ section, startedAt, text, raw, failed = [], show = (line) => line.startsWith('|') }) {
  log('\n== Results');
  const rawPath = writeRaw(section, startedAt, raw);
  for (const line of text.split('\n').filter(show)) log(line);
  log(`raw results: ${rawPath}`);
  if (failed.length) {
    throw new Error(`${failed.length} measurement(s) saw errors, timeouts or non-2xx responses: ${failed.join(', ')}; RESULTS.md left as it was`);
  }
  if (flagFromEnv('BENCH_WRITE', true)) writeResults(section, text);
  else log('BENCH_WRITE=false: RESULTS.md left as it was');
}

/** The opening lines of a run: what it will do, the machine, and what may distort the figures. */
export function announce(plan, info) {
  log(plan);
  log(`machine: ${info.nproc} CPUs, ${info.cpu}, load average ${info.loadavg}, Node ${info.node}, autocannon ${info.autocannon}`);
  warnAboutMachine(info);
}
