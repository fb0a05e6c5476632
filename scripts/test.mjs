#!/usr/bin/env node
/**
 * `npm test`: compiles the plugins and the CMS (Strapi loads only JavaScript), builds the admin
 * panel when it has not been built yet (the moderation browser test drives it), builds the site,
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
if (!fs.existsSync(path.join(ROOT, 'cms', 'dist', 'build', 'index.html'))) {
  runOrExit('npx', ['strapi', 'build'], { cwd: path.join(ROOT, 'cms') });
}
runOrExit('npm', ['run', 'build', '-w', 'site']);
console.log(`\nRunning the tests on ${process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite'}`);
runOrExit('npx', ['vitest', 'run', ...process.argv.slice(2)]);
