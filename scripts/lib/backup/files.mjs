/**
 * The backup folder's files and their manifest: sha256 of every file, read back and checked before a
 * restore writes anything. A backup is built in `<name>.partial` and renamed when complete, so a
 * folder without that suffix is always a finished one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UsageError } from './settings.mjs';

export const MANIFEST = 'manifest.json';
export const FORMAT = 'haven-backup';
export const FORMAT_VERSION = 1;

export async function sha256File(file) {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Every regular file under dir, as forward-slash paths relative to it, sorted. Symbolic links are not followed. */
export function listFiles(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}

/** `{ path, bytes, sha256 }` of every file of the backup folder but the manifest. */
export async function describeFiles(dir, onFile = () => {}) {
  const files = [];
  for (const rel of listFiles(dir)) {
    if (rel === MANIFEST) continue;
    const full = path.join(dir, rel);
    files.push({ path: rel, bytes: fs.statSync(full).size, sha256: await sha256File(full) });
    onFile(rel);
  }
  return files;
}

/** Reads and checks the shape of a backup's manifest; a bad one is a UsageError naming what is wrong. */
export function readManifest(dir) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder (give the backup folder that holds ${MANIFEST})`);
  if (dir.endsWith('.partial')) throw new UsageError(`${dir} is an unfinished backup (its run was interrupted): use a finished one`);
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) throw new UsageError(`${file} is missing: not a Haven backup`);
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${error.message})`);
  }
  if (manifest?.format !== FORMAT) throw new UsageError(`${file} is not a Haven backup manifest`);
  if (manifest.formatVersion !== FORMAT_VERSION) throw new UsageError(`this backup has format version ${manifest.formatVersion}; this Haven reads version ${FORMAT_VERSION}`);
  if (!['sqlite', 'postgres'].includes(manifest.database?.client) || typeof manifest.database?.file !== 'string') throw new UsageError(`${file} names no database`);
  if (!Array.isArray(manifest.files) || !manifest.files.every((f) => typeof f?.path === 'string' && typeof f.sha256 === 'string' && Number.isInteger(f.bytes))) throw new UsageError(`${file} has no valid file list`);
  for (const f of manifest.files) {
    // A manifest must not point a restore outside its own folder.
    if (path.isAbsolute(f.path) || f.path.split(/[\\/]/).includes('..')) throw new UsageError(`${file} lists a path outside the backup: ${f.path}`);
  }
  if (!manifest.files.some((f) => f.path === manifest.database.file)) throw new UsageError(`${file} does not list its database file ${manifest.database.file}`);
  return manifest;
}

/**
 * Checks every file against the manifest (present, same size, same sha256) and that the folder holds
 * nothing else. Answers the problems found, [] when the backup is intact.
 */
export async function verifyFiles(dir, manifest, onFile = () => {}) {
  const problems = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const rel of listFiles(dir)) {
    if (rel !== MANIFEST && !listed.has(rel)) problems.push(`${rel}: not in the manifest`);
  }
  for (const f of manifest.files) {
    const full = path.join(dir, f.path);
    if (!fs.existsSync(full)) problems.push(`${f.path}: missing`);
    else if (fs.statSync(full).size !== f.bytes) problems.push(`${f.path}: ${fs.statSync(full).size} bytes, the manifest says ${f.bytes}`);
    else if ((await sha256File(full)) !== f.sha256) problems.push(`${f.path}: checksum does not match the manifest (changed or damaged)`);
    onFile(f.path);
  }
  return problems;
}

export const formatBytes = (n) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024 ** 3).toFixed(2)} GB`);
