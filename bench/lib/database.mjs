// A fresh database per run: a PostgreSQL database of its own, or an SQLite file in a temporary folder.
// tests/helpers/haven.ts creates its PostgreSQL databases here too.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { onCleanup } from './cleanup.mjs';
import { PG_ADMIN_URL } from './env.mjs';

async function adminQuery(adminUrl, sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty PostgreSQL database named `<prefix>_<time>_<random>` through adminUrl.
 * @returns {Promise<{ name: string, url: string, drop(): Promise<void> }>} its URL, and drop() to remove it
 */
export async function createPgDatabase({ prefix = 'haven_bench', adminUrl = PG_ADMIN_URL } = {}) {
  const name = `${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Runs fn with the environment of a fresh database of the given kind (DATABASE_FILENAME or
 * DATABASE_URL, and an outbox folder for mail), removed afterwards, or at cleanup if the run stops.
 */
export async function withDatabase(db, fn, { prefix = 'haven_bench' } = {}) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, '-')}-`));
  const removeWorkDir = onCleanup(() => fs.rmSync(workDir, { recursive: true, force: true }));
  const env = { EMAIL_OUTBOX_DIR: path.join(workDir, 'outbox') };
  let dropDatabase = async () => {};
  try {
    if (db === 'sqlite') {
      env.DATABASE_FILENAME = path.join(workDir, 'haven.db');
    } else {
      const database = await createPgDatabase({ prefix });
      dropDatabase = onCleanup(database.drop);
      env.DATABASE_URL = database.url;
    }
    return await fn(env);
  } finally {
    await dropDatabase();
    await removeWorkDir();
  }
}
