#!/usr/bin/env node
/**
 * `npm start`: builds what is missing, then runs the CMS (1337, admin at /admin) and the site (4321)
 * together. With HAVEN_SEED_DEMO=true (as `./haven start` sets it) and an empty database outside
 * production, the CMS seeds the demo accounts and content; a plain `npm start` never does.
 * `npm start -- --rebuild` rebuilds the admin panel and the site even when a build exists.
 * CMS_PROCESSES (default 1; above 1 needs PostgreSQL) and SITE_PROCESSES (default: as many as the CMS)
 * run several processes of each, sharing its port (scripts/processes.mjs, scripts/cluster.mjs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, runOrExit, startService, stopService, waitForHttp } from './run.mjs';
import { processCounts } from './processes.mjs';

const rebuild = process.argv.includes('--rebuild');
if (!process.versions.node.startsWith('24.')) {
  console.warn(`⚠ Haven targets Node 24; this is Node ${process.versions.node}. ./haven start provisions Node 24 for you.`);
}

runOrExit(process.execPath, ['scripts/ensure-env.mjs']);
// A deployment may give every secret through its environment (systemd EnvironmentFile=, docs/deploy.md):
// ensure-env then writes no .env, and there is none to read.
if (fs.existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'));
process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';

// Before anything is built: a wrong count is said at once.
let processes;
try {
  processes = processCounts(process.env);
} catch (error) {
  console.error(`✖ ${error.message}`);
  process.exit(1);
}
for (const warning of processes.warnings) console.warn(`⚠ ${warning}`);

runOrExit('npm', ['run', 'build:plugins']);
const adminBuilt = fs.existsSync(path.join(ROOT, 'cms', 'dist', 'build', 'index.html'));
if (rebuild || !adminBuilt) runOrExit('npx', ['strapi', 'build'], { cwd: path.join(ROOT, 'cms') });
else runOrExit('npx', ['tsc', '-p', 'cms/tsconfig.json']);
const siteBuilt = fs.existsSync(path.join(ROOT, 'site', 'dist', 'server', 'entry.mjs'));
if (rebuild || !siteBuilt) runOrExit('npm', ['run', 'build', '-w', 'site']);

const cmsPort = process.env.PORT || '1337';
const sitePort = process.env.SITE_PORT || '4321';
const cmsUrl = `http://127.0.0.1:${cmsPort}`;
process.env.PUBLIC_SITE_URL ??= `http://localhost:${sitePort}`;
process.env.PUBLIC_CMS_URL ??= `http://localhost:${cmsPort}`;

const children = [];
const stopAll = (code = 0) => {
  for (const child of children) stopService(child);
  setTimeout(() => process.exit(code), 500).unref();
};
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

// One process as `strapi start`; several as a node:cluster sharing the port (scripts/cluster.mjs).
const inCluster = (count, script) => [process.execPath, ['scripts/cluster.mjs', String(count), script]];
const [cmsCommand, cmsArgs] = processes.cms > 1 ? inCluster(processes.cms, 'scripts/cms-worker.mjs') : ['npx', ['strapi', 'start']];
const cms = startService('cms', cmsCommand, cmsArgs, { cwd: processes.cms > 1 ? ROOT : path.join(ROOT, 'cms'), env: { ...process.env, PORT: cmsPort } });
children.push(cms);
cms.on('exit', (code) => {
  console.error(`CMS stopped (exit ${code}).`);
  stopAll(code || 1);
});

await waitForHttp(`${cmsUrl}/_health`, { label: 'the CMS' });
const [siteCommand, siteArgs] = processes.site > 1 ? inCluster(processes.site, 'site/server.mjs') : [process.execPath, ['site/server.mjs']];
const site = startService('site', siteCommand, siteArgs, {
  env: { ...process.env, HOST: process.env.SITE_HOST || '0.0.0.0', PORT: sitePort, CMS_URL: process.env.CMS_URL || cmsUrl },
});
children.push(site);
site.on('exit', (code) => {
  console.error(`Site stopped (exit ${code}).`);
  stopAll(code || 1);
});
await waitForHttp(`http://127.0.0.1:${sitePort}/`, { label: 'the site' });

console.log(`
  Haven is running.
    Site:   http://localhost:${sitePort}${processes.site > 1 ? `        (${processes.site} processes)` : ''}
    CMS:    http://localhost:${cmsPort}        (health: /_health)${processes.cms > 1 ? ` (${processes.cms} processes)` : ''}
    Admin:  http://localhost:${cmsPort}/admin
${
  process.env.HAVEN_SEED_DEMO === 'true'
    ? `  Demo accounts (password DemoPass2026!): alex@haven.example (client), dr.rivera@haven.example (therapist),
    admin@haven.example / editor@haven.example / mod@haven.example (admin panel).`
    : '  No demo data (HAVEN_SEED_DEMO is not true): create the first admin at /admin.'
}
  Press Ctrl+C to stop.
`);
