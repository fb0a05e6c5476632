#!/usr/bin/env node
/**
 * `npm test`: compiles the plugins and the CMS (Strapi loads only JavaScript), builds the admin
 * panel when it is missing or older than any admin source (the moderation and payments browser tests
 * drive it), builds the site when it is missing or stale,
 * then runs every vitest project: integration (real Strapi over HTTP) and browser (Chromium).
 * DATABASE_CLIENT=postgres runs the same suites on PostgreSQL. Extra arguments go to vitest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, runOrExit } from './run.mjs';

process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
runOrExit('npm', ['run', 'build:plugins']);
runOrExit('npx', ['tsc', '-p', 'cms/tsconfig.json']);
/** The newest modification time under a folder (0 when it does not exist). */
function newestIn(dir) {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
const adminBuild = path.join(ROOT, 'cms', 'dist', 'build', 'index.html');
const adminSources = [path.join(ROOT, 'cms', 'src', 'admin'), ...fs.readdirSync(path.join(ROOT, 'plugins')).map((name) => path.join(ROOT, 'plugins', name, 'admin', 'src'))];
if (!fs.existsSync(adminBuild) || Math.max(...adminSources.map(newestIn)) > fs.statSync(adminBuild).mtimeMs) {
  runOrExit('npx', ['strapi', 'build'], { cwd: path.join(ROOT, 'cms') });
}
// The site only when its sources or build settings changed since the last build (scripts/build-site.mjs).
runOrExit('node', ['scripts/build-site.mjs', '--if-stale']);
console.log(`\nRunning the tests on ${process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite'}`);
runOrExit('npx', ['vitest', 'run', ...process.argv.slice(2)]);
