#!/usr/bin/env node
/**
 * `npm run backup`: one backup of this Haven in one folder, while the CMS keeps running. The database
 * (SQLite's online backup API, or pg_dump's custom format from one snapshot), the local upload folder,
 * and manifest.json (when, Haven version and commit, database client, row counts per table, sha256 of
 * every file). Master keys and every other secret stay out of it: they live in .env or the secret
 * store, and a restore needs the same ones (README "Backups").
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadEnv } from './lib/maintenance.mjs';
import { elapsed, log, main, options } from './lib/backup/cli.mjs';
import { backupDatabase, DATABASE_FILE } from './lib/backup/database.mjs';
import { describeFiles, FORMAT, FORMAT_VERSION, formatBytes, listFiles, MANIFEST } from './lib/backup/files.mjs';
import { databaseSettings, havenInfo, ROOT, shown, uploadSettings } from './lib/backup/settings.mjs';

const USAGE = `usage: npm run backup -- [--out <folder>] [--uploads-dir <folder>]
  --out <folder>          where the backup folder is created (default: BACKUP_DIR, else data/backups)
  --uploads-dir <folder>  the local upload folder (default: cms/public/uploads, where the CMS writes)
The database is the one the CMS uses (DATABASE_CLIENT, DATABASE_FILENAME or DATABASE_URL / DATABASE_*).`;

let partial = null;
const removePartial = () => {
  if (partial) fs.rmSync(partial, { recursive: true, force: true });
};

await main(
  'backup',
  async () => {
    loadEnv();
    const { values } = options({ options: { out: { type: 'string' }, 'uploads-dir': { type: 'string' } } }, USAGE);
    if (values.help) return log(USAGE);

    const db = databaseSettings();
    const uploads = uploadSettings(values['uploads-dir']);
    const haven = havenInfo();
    const createdAt = new Date();
    const outDir = path.resolve(ROOT, values.out || process.env.BACKUP_DIR || path.join('data', 'backups'));
    const name = `haven-${createdAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}-${db.client}`;
    const finalDir = path.join(outDir, name);
    if (fs.existsSync(finalDir)) throw new Error(`${finalDir} already exists`);
    fs.mkdirSync(outDir, { recursive: true });
    partial = `${finalDir}.partial`;
    fs.mkdirSync(partial);

    log(`Backing up Haven ${haven.version}${haven.commit ? ` (${haven.commit.slice(0, 12)})` : ''} to ${finalDir}`);
    log(`→ database: ${db.client === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${db.label}`);
    const dbStarted = Date.now();
    const dbFile = DATABASE_FILE[db.client];
    const copied = await backupDatabase(db, path.join(partial, dbFile), log);
    const rows = Object.values(copied.tables).reduce((a, b) => a + b, 0);
    log(`  ${Object.keys(copied.tables).length} tables, ${rows} rows (${((Date.now() - dbStarted) / 1000).toFixed(1)} s)`);

    let uploadInfo;
    if (uploads.provider === 's3') {
      log(`→ uploads: in the S3 bucket "${uploads.bucket}", not copied: the bucket is backed up by S3 itself (versioning, replication or the provider's backups)`);
      uploadInfo = { provider: 's3', bucket: uploads.bucket, included: false };
    } else {
      const files = listFiles(uploads.dir);
      log(`→ uploads: ${files.length} files from ${shown(uploads.dir)}`);
      for (const rel of files) {
        const dest = path.join(partial, 'uploads', rel);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.copyFileSync(path.join(uploads.dir, rel), dest);
      }
      // Files the copied database names but the folder lacked (deleted after the database was copied, or lost before).
      const present = new Set(files);
      const missing = [...new Set(copied.uploads)].filter((rel) => !present.has(rel)).sort();
      if (missing.length) log(`  ⚠ ${missing.length} files named in the database are not in the upload folder: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''}`);
      uploadInfo = { provider: 'local', included: true, files: files.length, missing };
    }

    log('→ checksums');
    const described = await describeFiles(partial);
    const manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      createdAt: createdAt.toISOString(),
      haven: { version: haven.version, commit: haven.commit, node: process.version },
      database: { client: db.client, server: copied.serverVersion, file: dbFile, tables: copied.tables, rows },
      uploads: uploadInfo,
      // Said in the backup itself, for whoever finds it in a year.
      secrets: 'not included: a restore needs the same master keys (CHAT_, WELLNESS_, APPLICATIONS_, IDENTITY_, PRIVACY_MASTER_KEYS) and secrets from where they are kept',
      files: described,
    };
    fs.writeFileSync(path.join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.renameSync(partial, finalDir);
    partial = null;

    const bytes = described.reduce((a, f) => a + f.bytes, 0) + fs.statSync(path.join(finalDir, MANIFEST)).size;
    log('');
    log(`✔ Backup done in ${elapsed().toFixed(1)} s: ${finalDir}`);
    log(`  ${formatBytes(bytes)} in ${described.length + 1} files; database ${formatBytes(described.find((f) => f.path === dbFile).bytes)}, ${Object.keys(copied.tables).length} tables, ${rows} rows; uploads ${uploadInfo.included ? `${uploadInfo.files} files` : 'in S3 (not included)'}`);
    log('  Not in the backup: .env, master keys and secrets. Keep them apart from it; without them sealed data cannot be read after a restore.');
  },
  removePartial,
);
