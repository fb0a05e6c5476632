/**
 * The database half of a backup: SQLite through better-sqlite3's online backup API, PostgreSQL through
 * pg_dump/pg_restore (custom format). Both count every table's rows as of the copied state, so a restore
 * can prove it brought back the same data, and list the upload files the copied `files` rows point at.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pgClientOptions, pgTool, pgToolEnv, ROOT, UsageError } from './settings.mjs';

/** pg-boss's schema: the CMS's job engine on PostgreSQL (cms/src/bootstrap/jobs.ts). */
const JOBS_SCHEMA = 'pgboss';

// The CMS's own database drivers (cms/package.json), as it loads them: also present in a production install without dev dependencies.
const require = createRequire(path.join(ROOT, 'cms', 'package.json'));

// ---------- shared ----------

/** Upload paths (relative to the upload folder) of a `files` row: the original and every format (thumbnail, small …). */
function uploadPaths(row) {
  const urls = [row.url];
  let formats = row.formats;
  if (typeof formats === 'string') {
    try {
      formats = JSON.parse(formats);
    } catch {
      formats = null;
    }
  }
  if (formats && typeof formats === 'object') for (const format of Object.values(formats)) urls.push(format?.url);
  return urls.filter((url) => typeof url === 'string' && url.startsWith('/uploads/')).map((url) => decodeURIComponent(url.slice('/uploads/'.length)));
}

/** Runs a PostgreSQL client tool; `onLine` sees each line of its stderr (verbose progress). Rejects with its last lines on failure. */
function runTool(command, args, env, onLine) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const tail = [];
    let buffered = '';
    child.stderr.on('data', (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        onLine(line);
      }
    });
    child.on('error', (error) => reject(new UsageError(error.code === 'ENOENT' ? `${command} is not installed (install the PostgreSQL client tools, or set ${command.includes('restore') ? 'PG_RESTORE_PATH' : 'PG_DUMP_PATH'})` : `${command}: ${error.message}`)));
    child.on('close', (code) => {
      if (buffered) tail.push(buffered);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} exited with ${code}:\n${tail.filter((l) => !/^(pg_dump|pg_restore): (dumping|processing|creating|reading|saving|identifying|finding|flagging|last built-in|executing|connecting|implied|reading|setting)/.test(l)).slice(-8).join('\n')}`));
    });
  });
}

/** Percent steps of a counted job, printed at most every 10 %. */
function percentPrinter(log, label) {
  let last = -1;
  return (done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === 100 ? last !== 100 : pct - last >= 10) {
      last = pct;
      log(`  ${label} ${pct}%`);
    }
  };
}

// ---------- SQLite ----------

const openSqlite = (file, options) => {
  const Database = require('better-sqlite3');
  return new Database(file, options);
};

function sqliteTables(db) {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
}

function sqliteCounts(db) {
  const counts = {};
  for (const table of sqliteTables(db)) counts[table] = db.prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`).pluck().get();
  return counts;
}

function sqliteUploads(db) {
  if (!sqliteTables(db).includes('files')) return [];
  return db.prepare('SELECT url, formats FROM files').all().flatMap(uploadPaths);
}

async function backupSqlite(settings, destFile, log) {
  if (!fs.existsSync(settings.file)) throw new UsageError(`the SQLite database ${settings.label} does not exist (check DATABASE_FILENAME)`);
  const source = openSqlite(settings.file, { readonly: true, fileMustExist: true });
  const show = percentPrinter(log, 'database');
  try {
    // The online backup API copies a consistent snapshot page by page while the CMS keeps writing.
    await source.backup(destFile, {
      progress({ totalPages, remainingPages }) {
        show(totalPages - remainingPages, totalPages);
      },
    });
  } finally {
    source.close();
  }
  const copy = openSqlite(destFile, { fileMustExist: true });
  try {
    // One self-contained file (the copy inherits the live database's write-ahead-log mode, which would keep a -wal file beside it).
    copy.pragma('journal_mode = DELETE');
    return { tables: sqliteCounts(copy), uploads: sqliteUploads(copy), serverVersion: `SQLite ${copy.prepare('select sqlite_version()').pluck().get()}` };
  } finally {
    copy.close();
  }
}

async function sqliteHoldings(settings) {
  if (!fs.existsSync(settings.file)) return { tables: 0, accounts: 0 };
  const db = openSqlite(settings.file, { readonly: true, fileMustExist: true });
  try {
    const tables = sqliteTables(db);
    const accounts = tables.includes('up_users') ? db.prepare('SELECT count(*) FROM up_users').pluck().get() : 0;
    return { tables: tables.length, accounts };
  } finally {
    db.close();
  }
}

async function restoreSqlite(settings, backupFile, log) {
  const source = openSqlite(backupFile, { readonly: true, fileMustExist: true });
  const show = percentPrinter(log, 'database');
  try {
    const check = source.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new UsageError(`the backup's database fails SQLite's integrity check: ${check}`);
    fs.mkdirSync(path.dirname(settings.file), { recursive: true });
    // The backup API again, the other way: the target is replaced in one write transaction (a failure
    // leaves it as it was), and a target in write-ahead-log mode stays consistent for any reader.
    await source.backup(settings.file, {
      progress({ totalPages, remainingPages }) {
        show(totalPages - remainingPages, totalPages);
      },
    });
  } finally {
    source.close();
  }
  const target = openSqlite(settings.file, { fileMustExist: true });
  try {
    return sqliteCounts(target);
  } finally {
    target.close();
  }
}

// ---------- PostgreSQL ----------

async function pgConnect(settings) {
  const pg = require('pg');
  const client = new pg.Client(pgClientOptions(settings));
  try {
    await client.connect();
  } catch (error) {
    throw new UsageError(`cannot connect to PostgreSQL (${settings.label}): ${error.message}`);
  }
  return client;
}

const quote = (name) => `"${name.replace(/"/g, '""')}"`;

async function pgTables(client, schema) {
  const { rows } = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name", [schema]);
  return rows.map((r) => r.table_name);
}

async function pgCounts(client, schema) {
  const counts = {};
  for (const table of await pgTables(client, schema)) {
    const { rows } = await client.query(`SELECT count(*)::bigint AS n FROM ${quote(schema)}.${quote(table)}`);
    counts[table] = Number(rows[0].n);
  }
  return counts;
}

async function backupPostgres(settings, destFile, log) {
  const client = await pgConnect(settings);
  try {
    // One snapshot for the counts, the upload list and pg_dump itself (--snapshot): all three see the same data.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query('SELECT pg_export_snapshot() AS id, current_setting(\'server_version\') AS version');
    const tables = await pgCounts(client, settings.schema);
    const uploads = Object.hasOwn(tables, 'files') ? (await client.query(`SELECT url, formats FROM ${quote(settings.schema)}.files`)).rows.flatMap(uploadPaths) : [];
    const total = Object.keys(tables).length;
    const show = percentPrinter(log, 'database');
    let dumped = 0;
    // Not the job engine's schema (pg-boss, cms/src/bootstrap/jobs.ts): its jobs are passes of the moment, re-asked
    // for on the next tick, and its partitioned tables would stop a --clean restore into a database that has them.
    await runTool(pgTool('pg_dump'), ['--format=custom', `--snapshot=${rows[0].id}`, `--exclude-schema=${JOBS_SCHEMA}`, '--no-password', '--verbose', `--file=${destFile}`], pgToolEnv(settings), (line) => {
      if (/dumping contents of table/.test(line)) show(++dumped, total);
    });
    show(total, total);
    await client.query('COMMIT');
    return { tables, uploads, serverVersion: `PostgreSQL ${rows[0].version.split(' ')[0]}` };
  } finally {
    await client.end();
  }
}

async function pgHoldings(settings) {
  const client = await pgConnect(settings);
  try {
    const tables = await pgTables(client, settings.schema);
    const accounts = tables.includes('up_users') ? Number((await client.query(`SELECT count(*)::bigint AS n FROM ${quote(settings.schema)}.up_users`)).rows[0].n) : 0;
    return { tables: tables.length, accounts };
  } finally {
    await client.end();
  }
}

async function restorePostgres(settings, backupFile, log, { replace, tableCount }) {
  const show = percentPrinter(log, 'database');
  let restored = 0;
  // One transaction that stops at the first error: the target gets all of the backup or none of it.
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--no-password', '--verbose', `--dbname=${settings.connection.database}`];
  if (replace) args.push('--clean', '--if-exists');
  await runTool(pgTool('pg_restore'), [...args, backupFile], pgToolEnv(settings), (line) => {
    if (/processing data for table/.test(line)) show(++restored, tableCount);
  });
  show(tableCount, tableCount);
  const client = await pgConnect(settings);
  try {
    return await pgCounts(client, settings.schema);
  } finally {
    await client.end();
  }
}

// ---------- by client ----------

export const DATABASE_FILE = { sqlite: 'database.sqlite', postgres: 'database.pgdump' };

/** Copies the database to destFile; answers `{ tables: {name: rows}, uploads: [paths the files table names], serverVersion }`. */
export const backupDatabase = (settings, destFile, log) => (settings.client === 'sqlite' ? backupSqlite(settings, destFile, log) : backupPostgres(settings, destFile, log));

/** How much the target already holds: `{ tables, accounts }` (0 tables: empty). */
export const databaseHoldings = (settings) => (settings.client === 'sqlite' ? sqliteHoldings(settings) : pgHoldings(settings));

/** Restores backupFile into the target; answers its row counts afterwards. */
export const restoreDatabase = (settings, backupFile, log, options) => (settings.client === 'sqlite' ? restoreSqlite(settings, backupFile, log) : restorePostgres(settings, backupFile, log, options));
