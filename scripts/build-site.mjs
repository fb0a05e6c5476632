#!/usr/bin/env node
/**
 * `npm run build:site`: builds the Astro site and stamps the build with what it was built from.
 * With `--if-stale` (the test runs) it builds only when the stamp is missing, a source is newer than
 * it, or the build-time settings differ: CI builds once in its build stage, then runs the tests twice
 * (SQLite, PostgreSQL) on that same site instead of building it two more times.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, runOrExit } from './run.mjs';

const STAMP = path.join(ROOT, 'site', 'dist', '.haven-build.json');
/** Everything `astro build` reads: the site, the browser-safe shared code it imports, the lockfile. */
const SOURCES = ['site/src', 'site/public', 'site/astro.config.mjs', 'site/package.json', 'site/tsconfig.json', 'packages/shared/src', 'package-lock.json'].map((p) => path.join(ROOT, p));
/** The settings astro.config.mjs reads while building. */
const settings = () => JSON.stringify({ PUBLIC_SITE_URL: process.env.PUBLIC_SITE_URL ?? '', HOST: process.env.HOST ?? '', PORT: process.env.PORT ?? '' });

function newest(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

function isFresh() {
  if (!fs.existsSync(STAMP)) return false;
  const stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  return stamp.settings === settings() && Math.max(...SOURCES.map(newest)) < fs.statSync(STAMP).mtimeMs;
}

if (process.argv.includes('--if-stale') && isFresh()) {
  console.log('\n✔ the site is already built from these sources and settings (site/dist/.haven-build.json)');
} else {
  fs.rmSync(STAMP, { force: true });
  runOrExit('npm', ['run', 'build', '-w', 'site']);
  fs.writeFileSync(STAMP, JSON.stringify({ settings: settings(), builtAt: new Date().toISOString() }) + '\n');
}
