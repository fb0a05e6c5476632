#!/usr/bin/env node
/**
 * `npm run restore -- <backup folder>`: puts a backup made by `npm run backup` back. Everything is
 * checked before anything is written: the manifest, every file's sha256, the database client, that the
 * target database holds no Haven data yet (unless --force) and that no upload of the same name differs
 * (unless --force). Then the database (in one transaction), the row counts against the manifest, and
 * the upload files. Stop the CMS first; start it afterwards with the same master keys and secrets.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadEnv } from './lib/maintenance.mjs';
import { elapsed, log, main, options } from './lib/backup/cli.mjs';
import { databaseHoldings, restoreDatabase } from './lib/backup/database.mjs';
import { formatBytes, readManifest, sha256File, verifyFiles } from './lib/backup/files.mjs';
import { databaseSettings, havenInfo, shown, uploadSettings, UsageError } from './lib/backup/settings.mjs';

const USAGE = `usage: npm run restore -- <backup folder> [--force] [--check] [--uploads-dir <folder>]
  <backup folder>         a folder made by npm run backup (the one holding manifest.json)
  --check                 only check the backup (manifest, checksums, database client) and write nothing
  --force                 restore into a database that already holds Haven data (replacing it), and
                          overwrite upload files of the same name whose content differs
  --uploads-dir <folder>  the local upload folder (default: cms/public/uploads, where the CMS reads)
The target is the database the CMS uses (DATABASE_CLIENT, DATABASE_FILENAME or DATABASE_URL / DATABASE_*);
a PostgreSQL database must exist (createdb). Stop the CMS first.`;

const CLIENT_NAME = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const tempFiles = [];
const removeTemps = () => {
  for (const file of tempFiles) fs.rmSync(file, { force: true });
};

await main(
  'restore',
  async () => {
    loadEnv();
    const { values, positionals } = options({ allowPositionals: true, options: { force: { type: 'boolean' }, check: { type: 'boolean' }, 'uploads-dir': { type: 'string' } } }, USAGE);
    if (values.help) return log(USAGE);
    if (positionals.length !== 1) throw new UsageError(`give exactly one backup folder\n\n${USAGE}`);
    const dir = path.resolve(process.cwd(), positionals[0]);

    // 1. The backup itself.
    const manifest = readManifest(dir);
    const rows = Object.values(manifest.database.tables ?? {}).reduce((a, b) => a + b, 0);
    const tableCount = Object.keys(manifest.database.tables ?? {}).length;
    log(`Backup ${dir}`);
    log(`  made ${manifest.createdAt} by Haven ${manifest.haven?.version}${manifest.haven?.commit ? ` (${manifest.haven.commit.slice(0, 12)})` : ''}; ${manifest.database.server}, ${tableCount} tables, ${rows} rows; ${manifest.files.length} files`);
    log('→ checking checksums');
    const problems = await verifyFiles(dir, manifest);
    if (problems.length) throw new UsageError(`the backup does not match its manifest, nothing was restored:\n  ${problems.join('\n  ')}`);
    log(`  all ${manifest.files.length} files match`);

    const db = databaseSettings();
    if (db.client !== manifest.database.client) {
      throw new UsageError(`this is a ${CLIENT_NAME[manifest.database.client]} backup but DATABASE_CLIENT is ${db.client}: restore it into ${CLIENT_NAME[manifest.database.client]} (DATABASE_CLIENT=${manifest.database.client}); nothing was restored`);
    }
    const current = havenInfo();
    if (manifest.haven?.version !== current.version) log(`  ⚠ made by Haven ${manifest.haven?.version}, this is Haven ${current.version}: the CMS migrates the schema when it starts`);
    if (values.check) {
      log(`\n✔ Backup is intact and restorable into ${CLIENT_NAME[db.client]} (checked in ${elapsed().toFixed(1)} s; nothing written)`);
      return;
    }

    // 2. The target: empty, or --force.
    const holdings = await databaseHoldings(db);
    if (holdings.tables > 0 && !values.force) {
      throw new UsageError(`the database ${db.label} already holds Haven data (${holdings.tables} tables, ${holdings.accounts} accounts): restore into an empty database, or pass --force to replace its data; nothing was restored`);
    }
    const uploads = uploadSettings(values['uploads-dir']);
    const backupUploads = manifest.files.filter((f) => f.path.startsWith('uploads/'));
    const plan = [];
    let same = 0;
    if (backupUploads.length && uploads.provider === 'local') {
      const conflicts = [];
      for (const f of backupUploads) {
        const dest = path.join(uploads.dir, f.path.slice('uploads/'.length));
        if (!fs.existsSync(dest)) plan.push({ f, dest });
        else if (fs.statSync(dest).size === f.bytes && (await sha256File(dest)) === f.sha256) same += 1;
        else {
          conflicts.push(shown(dest));
          plan.push({ f, dest });
        }
      }
      if (conflicts.length && !values.force) {
        throw new UsageError(`${conflicts.length} upload files already exist with other content (${conflicts.slice(0, 3).join(', ')}${conflicts.length > 3 ? ' …' : ''}): pass --force to overwrite them; nothing was restored`);
      }
    }

    // 3. The database, then its row counts against the manifest.
    log(`→ database: ${CLIENT_NAME[db.client]} ${db.label}${holdings.tables ? ` (replacing ${holdings.tables} tables, --force)` : ''}`);
    const dbStarted = Date.now();
    const counts = await restoreDatabase(db, path.join(dir, manifest.database.file), log, { replace: holdings.tables > 0, tableCount });
    const differ = Object.entries(manifest.database.tables).filter(([table, n]) => counts[table] !== n);
    if (differ.length) throw new Error(`the restored database does not hold what the backup counted: ${differ.map(([t, n]) => `${t} ${counts[t] ?? 'missing'} ≠ ${n}`).join(', ')}`);
    log(`  ${tableCount} tables, ${rows} rows, every count as in the manifest (${((Date.now() - dbStarted) / 1000).toFixed(1)} s)`);

    // 4. Uploads.
    if (manifest.uploads?.provider === 's3') {
      log(`→ uploads: the backup's uploads were in the S3 bucket "${manifest.uploads.bucket}" (not in the backup): restore them with S3's own tools if needed`);
    } else if (uploads.provider === 's3') {
      log(`→ uploads: this CMS uses the S3 bucket "${uploads.bucket}": the backup's ${backupUploads.length} files in ${path.join(dir, 'uploads')} were not copied; upload them to the bucket if it lacks them`);
    } else {
      log(`→ uploads: ${plan.length} files to ${shown(uploads.dir)}${same ? ` (${same} already there, identical)` : ''}`);
      for (const { f, dest } of plan) {
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        // A reader (the CMS serving the folder) sees the old file or the new one, never half of it.
        const temp = `${dest}.restoring-${crypto.randomBytes(4).toString('hex')}`;
        tempFiles.push(temp);
        fs.copyFileSync(path.join(dir, f.path), temp);
        fs.renameSync(temp, dest);
      }
    }

    const bytes = manifest.files.reduce((a, f) => a + f.bytes, 0);
    log('');
    log(`✔ Restore done in ${elapsed().toFixed(1)} s: ${formatBytes(bytes)} from ${dir}`);
    log(`  ${CLIENT_NAME[db.client]} ${db.label}: ${tableCount} tables, ${rows} rows; uploads: ${uploads.provider === 'local' ? `${plan.length} written, ${same} unchanged` : 'S3, untouched'}`);
    log('  Start the CMS with the same master keys and secrets as the backed-up one: without them chat messages, reflections and other sealed data cannot be read.');
  },
  removeTemps,
);
