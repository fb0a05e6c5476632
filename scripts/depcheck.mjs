#!/usr/bin/env node
/**
 * `npm run depcheck`: Haven's import rules. dependency-cruiser (.dependency-cruiser.cjs) checks the
 * .ts/.tsx of the plugins (server and admin), the CMS, @haven/shared, @haven/admin-ui and the site; then
 * check-site-imports.mjs checks the site's .astro files, which dependency-cruiser cannot read.
 * Both always run, so one run names every violation. Exit 0 when both are clean, 1 otherwise.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['plugins/*/server/src', 'plugins/*/admin/src', 'cms/src', 'cms/config', 'packages/shared/src', 'packages/admin-ui/src', 'site/src'];
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

const cruise = spawnSync(process.execPath, [DEPCRUISE, '--config', '.dependency-cruiser.cjs', '--output-type', 'err-long', ...SOURCES], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
process.stdout.write(cruise.stdout ?? '');
// dependency-cruiser exits with the number of violations, which the shell truncates to 8 bits (256
// violations would read as success): its own summary line decides as well.
const cruiseClean = cruise.status === 0 && /no dependency violations found/.test(cruise.stdout ?? '');

const astro = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'check-site-imports.mjs')], { cwd: ROOT, stdio: 'inherit' });

process.exit(cruiseClean && astro.status === 0 ? 0 : 1);
