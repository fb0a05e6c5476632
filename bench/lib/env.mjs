// Paths, knobs read from the environment, and output formatting shared by every bench script.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH, '..');
export const CMS = path.join(ROOT, 'cms');

/** A number from the environment, or the fallback when unset; anything else than a number ≥ min stops the run. */
export function numberFromEnv(name, fallback, { min = 1, integer = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a ${integer ? 'whole ' : ''}number ≥ ${min}, not "${raw}"`);
  }
  return value;
}

/** 1/true/yes or 0/false/no from the environment; the fallback otherwise. */
export function flagFromEnv(name, fallback) {
  const raw = String(process.env[name] ?? '').toLowerCase();
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  return fallback;
}

/** A list of whole numbers ≥ 1 from the environment ("1,2,4"), or the fallback when unset. */
export function listFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${name} must be whole numbers ≥ 1 separated by commas, not "${raw}"`);
  return list;
}

export const DB_LABEL = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/** BENCH_DATABASES (default both), checked. */
export function databasesFromEnv() {
  const databases = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
  for (const db of databases) {
    if (!DB_LABEL[db]) throw new Error(`BENCH_DATABASES: unknown database "${db}" (use sqlite and/or postgres)`);
  }
  return databases;
}

/** Where benches (and tests) create and drop their PostgreSQL databases. */
export const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export const isTTY = Boolean(process.stdout.isTTY);
export const log = (line = '') => process.stdout.write(`${line}\n`);
export const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
export const fmtMs = (n) => (Number.isFinite(n) ? n.toFixed(2) : '—');
export const fmtBytes = (n) => (n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(0)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
