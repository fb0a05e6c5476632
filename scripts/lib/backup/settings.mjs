/**
 * What `npm run backup` and `npm run restore` read from the CMS's own configuration: the database
 * (the same variables as cms/config/database.ts), the upload folder (cms/config/plugins.ts: the local
 * provider's cms/public/uploads unless S3_BUCKET is set) and what this Haven is (version, commit).
 * Nothing here reads or returns a secret other than the database password, which only ever goes to
 * pg_dump/pg_restore through their environment (PGPASSWORD), never onto a command line or into a file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../maintenance.mjs';

export { ROOT };

const bool = (name, fallback) => {
  const raw = String(process.env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  return raw === 'true' || raw === '1' || raw === 'yes';
};

/** The database the CMS would use with this environment: `{ client: 'sqlite', file }` or `{ client: 'postgres', connection, schema, label }`. */
export function databaseSettings() {
  const client = process.env.DATABASE_CLIENT || 'sqlite';
  if (client === 'sqlite') {
    const file = path.resolve(ROOT, process.env.DATABASE_FILENAME || path.join('data', 'haven.db'));
    return { client, file, label: shown(file) };
  }
  if (client !== 'postgres') throw new UsageError(`DATABASE_CLIENT must be "sqlite" or "postgres", not "${client}"`);
  const ssl = bool('DATABASE_SSL', false);
  const url = process.env.DATABASE_URL || '';
  let connection;
  if (url) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError('DATABASE_URL is not a valid URL');
    }
    connection = {
      host: decodeURIComponent(parsed.hostname) || '127.0.0.1',
      port: Number(parsed.port || 5432),
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
      user: decodeURIComponent(parsed.username) || 'postgres',
      password: decodeURIComponent(parsed.password),
    };
  } else {
    connection = {
      host: process.env.DATABASE_HOST || '127.0.0.1',
      port: Number(process.env.DATABASE_PORT || 5432),
      database: process.env.DATABASE_NAME || 'haven',
      user: process.env.DATABASE_USERNAME || 'postgres',
      password: process.env.DATABASE_PASSWORD || '',
    };
  }
  const rejectUnauthorized = bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true);
  return {
    client,
    connection,
    ssl: ssl ? { rejectUnauthorized } : false,
    schema: (!url && process.env.DATABASE_SCHEMA) || 'public',
    label: `${connection.database} on ${connection.host}:${connection.port}`,
  };
}

/** Options for `new pg.Client()`. */
export const pgClientOptions = (db) => ({ ...db.connection, ssl: db.ssl, application_name: 'haven-backup' });

/**
 * The environment of pg_dump/pg_restore: libpq's PG* variables from the CMS's settings. An operator's
 * own PGSSLMODE/PGSSLROOTCERT win (e.g. verify-full with a CA file).
 */
export function pgToolEnv(db) {
  const env = { ...process.env, PGHOST: db.connection.host, PGPORT: String(db.connection.port), PGDATABASE: db.connection.database, PGUSER: db.connection.user, PGAPPNAME: 'haven-backup' };
  if (db.connection.password) env.PGPASSWORD = db.connection.password;
  else delete env.PGPASSWORD;
  if (db.ssl && !process.env.PGSSLMODE) env.PGSSLMODE = db.ssl.rejectUnauthorized ? 'verify-full' : 'require';
  return env;
}

/** pg_dump and pg_restore: PG_DUMP_PATH / PG_RESTORE_PATH, else the ones on the PATH. */
export const pgTool = (name) => process.env[name === 'pg_dump' ? 'PG_DUMP_PATH' : 'PG_RESTORE_PATH'] || name;

/** Where uploads live: `{ provider: 's3', bucket }` or `{ provider: 'local', dir }` (cms/public/uploads unless --uploads-dir). */
export function uploadSettings(dirOption) {
  const bucket = process.env.S3_BUCKET || '';
  if (bucket) return { provider: 's3', bucket };
  return { provider: 'local', dir: path.resolve(ROOT, dirOption || path.join('cms', 'public', 'uploads')) };
}

/** This Haven: package version and, when run from a git checkout, the commit. */
export function havenInfo() {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    // Not a checkout (an unpacked release): the version alone names it.
  }
  return { version, commit };
}

/** A path as the operator knows it: relative inside the checkout, absolute elsewhere. */
export const shown = (file) => {
  const rel = path.relative(ROOT, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
};

/** A refusal the operator can fix (bad option, bad input, wrong database): message only, no stack, exit 1. */
export class UsageError extends Error {}
