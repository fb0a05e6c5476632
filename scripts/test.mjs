#!/usr/bin/env node
/**
 * `npm test`: compiles the plugins and the CMS (Strapi loads only JavaScript), builds the site,
 * then runs every vitest project: integration (real Strapi over HTTP) and browser (Chromium).
 * DATABASE_CLIENT=postgres runs the same suites on PostgreSQL. Extra arguments go to vitest.
 */
import { runOrExit } from './run.mjs';

process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
runOrExit('npm', ['run', 'build:plugins']);
runOrExit('npx', ['tsc', '-p', 'cms/tsconfig.json']);
runOrExit('npm', ['run', 'build', '-w', 'site']);
console.log(`\nRunning the tests on ${process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite'}`);
runOrExit('npx', ['vitest', 'run', ...process.argv.slice(2)]);
