/**
 * Restore drill (issue 21, item 4) against real Strapi, on SQLite or, with DATABASE_CLIENT=postgres, on
 * PostgreSQL. A Haven is given activity in every plugin (the personal-data world: bookings, payments,
 * chat, wellness, community, library, applications, identity, people), `npm run backup` runs against it
 * as an operator would (a child process, the CMS still serving), the backup is restored into a fresh
 * empty database, and a second Haven booted on it with the same master keys must answer every person
 * exactly as the first did: chat messages, reflections, check-ins, assessments, payments, the avatar
 * file, the licence document, log-ins (two-step included). The backup must hold no master key or secret;
 * a tampered backup, a backup of the other database client and a restore over existing data (without
 * --force) are refused with nothing written.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createDatabase, createUser, randomClientAddress, ROOT, startHaven, type Haven, type HavenDatabase } from '../helpers/haven';
import { enrolTwoFactor, nextTotpCode } from '../helpers/two-factor';
import { bookingPaymentsModule } from './personal-data/booking-payments';
import { chatWellnessModule } from './personal-data/chat-wellness';
import { communityPeopleModule } from './personal-data/community-people';
import { createWorld, type World } from './personal-data/world';
import { todayIn, waitAwayFromMidnight } from './wellness-helpers';

const SECRET_NAMES = ['APP_KEYS', 'JWT_SECRET', 'ADMIN_JWT_SECRET', 'API_TOKEN_SALT', 'TRANSFER_TOKEN_SALT', 'ENCRYPTION_KEY'];
const MASTER_KEY_NAMES = ['CHAT_MASTER_KEYS', 'WELLNESS_MASTER_KEYS', 'APPLICATIONS_MASTER_KEYS', 'IDENTITY_MASTER_KEYS', 'PRIVACY_MASTER_KEYS'];
const UPLOADS = path.join(ROOT, 'cms', 'public', 'uploads');

/** The little of better-sqlite3 (no type declarations installed) this file uses. */
type SqliteDatabase = { prepare(sql: string): { pluck(): { get(): unknown } }; close(): void };
const SqliteDatabase: new (file: string, options: { readonly: boolean }) => SqliteDatabase = createRequire(__filename)('better-sqlite3');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs scripts/<name>.mjs as an operator would, against the given database. */
function script(name: 'backup' | 'restore', args: string[], database: HavenDatabase, extraEnv: Record<string, string> = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    // S3_BUCKET empty: the local upload folder, whatever a developer's .env says.
    const env = { ...process.env, S3_BUCKET: '', ...database.env, ...extraEnv };
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', `${name}.mjs`), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Tables in a database (0: empty), whichever the client. */
async function tableCount(database: HavenDatabase): Promise<number> {
  if (database.env.DATABASE_CLIENT === 'postgres') {
    const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    try {
      return Number((await client.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'")).rows[0].n);
    } finally {
      await client.end();
    }
  }
  const file = database.env.DATABASE_FILENAME;
  if (!fs.existsSync(file)) return 0;
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return Number(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get());
  } finally {
    db.close();
  }
}

const filesUnder = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
const folderBytes = (dir: string) => filesUnder(dir).reduce((sum, file) => sum + fs.statSync(file).size, 0);

/** Everything people read about themselves over HTTP, per person: compared before the backup and after the restore. */
type Reading = Record<string, unknown>;

async function readEverything(haven: Haven, world: World, jwts: { client: string; bystander: string; therapist: string }): Promise<Record<string, Reading>> {
  const api = apiClient(haven.url);
  const ok = async (urlPath: string, jwt: string) => {
    const res = await api.get(urlPath, jwt);
    expect(res.status, `${urlPath}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  const out: Record<string, Reading> = {};
  for (const who of ['client', 'bystander', 'therapist'] as const) {
    const jwt = jwts[who];
    const conversations = (await ok('/api/chat/conversations', jwt)).data as { id: string }[];
    const messages: Record<string, unknown> = {};
    for (const c of conversations) messages[c.id] = (await ok(`/api/chat/conversations/${c.id}/messages`, jwt)).data;
    const reading: Reading = { profile: (await ok('/api/profiles/me', jwt)).data, conversations, messages, payments: (await ok('/api/payments', jwt)).data };
    if (who === 'therapist') {
      reading.sharingClients = (await ok('/api/wellness/clients', jwt)).data;
      reading.flags = (await ok('/api/wellness/flags', jwt)).data;
    } else {
      reading.checkIn = (await ok(`/api/wellness/entries/${todayIn('UTC')}`, jwt)).data;
      reading.assessments = (await ok('/api/wellness/assessments', jwt)).data;
    }
    out[who] = reading;
  }
  out.community = { post: (await ok('/api/community/posts', jwts.bystander)).data };
  out.licence = { document: await haven.strapi.plugin('applications').service('documents').open(world.therapist.id) };
  return out;
}

describe(`backup and restore (${process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite'})`, () => {
  let first: Haven | undefined;
  let second: Haven | undefined;
  let world: World;
  let twoFactorSecret: string;
  /** The first Haven's secrets and master keys: the second runs with the same, as an operator restoring would. */
  let secrets: Record<string, string>;
  let before: Record<string, Reading>;
  let uploaded: { url: string; bytes: Buffer }[];
  let work: string;
  let backupDir: string;
  let backup: Run;
  let fresh: HavenDatabase;
  const databases: HavenDatabase[] = [];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-backup-test-'));
    first = await startHaven({ env: { PRIVACY_EXPORT_WORKER: 'false' } });
    secrets = Object.fromEntries([...SECRET_NAMES, ...MASTER_KEY_NAMES].map((name) => [name, String(process.env[name])]));
    world = await createWorld(first);
    // Enrolled here (the chat-wellness seed would enrol the therapist itself) to keep the secret for a two-step log-in after the restore.
    twoFactorSecret = (await enrolTwoFactor(first, world.therapist)).secret;
    // Today's check-ins are read again after the restore: not across midnight.
    await waitAwayFromMidnight(['UTC'], 60);
    for (const module of [bookingPaymentsModule, chatWellnessModule, communityPeopleModule]) await module.seed(world);
    before = await readEverything(first, world, { client: world.client.jwt, bystander: world.bystander.jwt, therapist: world.therapist.jwt });
    const files = (await first.strapi.db.query('plugin::upload.file').findMany()) as { url: string; formats: Record<string, { url: string }> | null }[];
    uploaded = files.flatMap((f) => [f.url, ...Object.values(f.formats ?? {}).map((x) => x.url)]).map((url) => ({ url, bytes: fs.readFileSync(path.join(UPLOADS, url.replace(/^\/uploads\//, ''))) }));

    // The upload folder is shared with every other test file running now, whose files come and go: the
    // backup reads a copy of this Haven's own files (--uploads-dir), so the restore writes back only them.
    const stage = path.join(work, 'uploads');
    for (const { url, bytes } of uploaded) {
      fs.mkdirSync(path.dirname(path.join(stage, url.replace(/^\/uploads\//, ''))), { recursive: true });
      fs.writeFileSync(path.join(stage, url.replace(/^\/uploads\//, '')), bytes);
    }
    // While the first Haven still serves.
    backup = await script('backup', ['--out', path.join(work, 'backups'), '--uploads-dir', stage], first.database);
    const made = fs.existsSync(path.join(work, 'backups')) ? fs.readdirSync(path.join(work, 'backups')) : [];
    backupDir = path.join(work, 'backups', made[0] ?? 'none');
    fresh = await createDatabase(first.dbClient);
    databases.push(fresh);
  }, 240_000);

  afterAll(async () => {
    await second?.close();
    await first?.close();
    for (const database of databases) await database.drop().catch(() => undefined);
    // The files this test's Havens uploaded into the shared upload folder.
    for (const { url } of uploaded ?? []) fs.rmSync(path.join(UPLOADS, url.replace(/^\/uploads\//, '')), { force: true });
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('makes one folder with the database, the uploads and a manifest, while the CMS runs', () => {
    expect(backup.code, backup.stderr + backup.stdout).toBe(0);
    expect(fs.readdirSync(path.join(work, 'backups'))).toHaveLength(1);
    expect(backup.stdout).toContain('✔ Backup done');
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'haven-backup', formatVersion: 1, haven: { version: expect.any(String) }, database: { client: first!.dbClient, file: expect.any(String) }, uploads: { provider: 'local', included: true, missing: [] } });
    expect(Date.now() - Date.parse(manifest.createdAt)).toBeLessThan(300_000);
    expect(manifest.haven.commit).toMatch(/^[0-9a-f]{40}$/);
    // Row counts of the plugins' tables: a few the seed certainly wrote.
    expect(manifest.database.tables.up_users).toBeGreaterThanOrEqual(3);
    const tables = manifest.database.tables as Record<string, number>;
    for (const prefix of ['chat_messages', 'wellness_entries', 'payments_payments', 'booking_bookings', 'community_posts', 'applications_documents']) {
      const table = Object.keys(tables).find((t) => t.startsWith(prefix));
      expect(table, `${prefix} in ${Object.keys(tables).join(', ')}`).toBeTruthy();
      expect(tables[table!], prefix).toBeGreaterThan(0);
    }
    // Every upload of this Haven is in it, byte for byte, with its checksum.
    for (const { url, bytes } of uploaded) {
      const rel = `uploads/${url.replace(/^\/uploads\//, '')}`;
      expect(fs.readFileSync(path.join(backupDir, rel)).equals(bytes)).toBe(true);
      expect(manifest.files.find((f: { path: string }) => f.path === rel)).toMatchObject({ bytes: bytes.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    expect(uploaded.length).toBeGreaterThan(0);
    console.log(`[backup-restore] ${first!.dbClient}: backup ${backup.seconds.toFixed(1)} s, ${(folderBytes(backupDir) / 1024).toFixed(0)} KB (database ${(fs.statSync(path.join(backupDir, manifest.database.file)).size / 1024).toFixed(0)} KB, ${manifest.database.rows} rows in ${Object.keys(tables).length} tables, ${uploaded.length} upload files)`);
  });

  it('holds no master key and no secret, in any file (the PostgreSQL dump also as the SQL it restores)', () => {
    const needles: { name: string; bytes: Buffer }[] = [];
    for (const name of SECRET_NAMES) for (const value of secrets[name].split(',')) needles.push({ name, bytes: Buffer.from(value) });
    for (const name of MASTER_KEY_NAMES) {
      for (const entry of secrets[name].split(',')) {
        const key = entry.slice(entry.indexOf(':') + 1);
        needles.push({ name, bytes: Buffer.from(key) }, { name: `${name} (raw bytes)`, bytes: Buffer.from(key, 'base64') });
      }
    }
    expect(needles.every((n) => n.bytes.length >= 16)).toBe(true);
    const haystacks = filesUnder(backupDir).map((file) => ({ file: path.relative(backupDir, file), bytes: fs.readFileSync(file) }));
    if (first!.dbClient === 'postgres') {
      // The custom format compresses table data: scan what it restores as well.
      const sql = spawnSync('pg_restore', ['--file=-', path.join(backupDir, 'database.pgdump')], { maxBuffer: 256 * 1024 * 1024 });
      expect(sql.status, String(sql.stderr)).toBe(0);
      expect(sql.stdout.toString()).toContain('COPY public.chat_messages');
      haystacks.push({ file: 'pg_restore output', bytes: sql.stdout });
    }
    const found = haystacks.flatMap(({ file, bytes }) => needles.filter((n) => bytes.includes(n.bytes)).map((n) => `${n.name} in ${file}`));
    expect(found).toEqual([]);
  });

  it('refuses a tampered backup, a missing file and a backup of the other database client, writing nothing', async () => {
    const copy = (label: string) => {
      const dir = path.join(work, label);
      fs.cpSync(backupDir, dir, { recursive: true });
      return dir;
    };
    const tampered = copy('tampered');
    const dbFile = path.join(tampered, first!.dbClient === 'postgres' ? 'database.pgdump' : 'database.sqlite');
    const bytes = fs.readFileSync(dbFile);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(dbFile, bytes);
    const refused = await script('restore', [tampered], fresh);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/does not match its manifest[\s\S]*database\.(sqlite|pgdump): checksum does not match/);

    const missing = copy('missing');
    const avatar = filesUnder(path.join(missing, 'uploads'))[0];
    fs.rmSync(avatar);
    const refusedMissing = await script('restore', [missing], fresh);
    expect(refusedMissing.code).toBe(1);
    expect(refusedMissing.stderr).toContain(`${path.relative(missing, avatar)}: missing`);

    const other: Record<string, string> = first!.dbClient === 'postgres' ? { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(work, 'other.db') } : { DATABASE_CLIENT: 'postgres', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_used' };
    const wrongClient = await script('restore', [backupDir], fresh, other);
    expect(wrongClient.code).toBe(1);
    expect(wrongClient.stderr).toMatch(/backup but DATABASE_CLIENT is (sqlite|postgres)/);

    const notABackup = await script('restore', [path.join(work, 'no-such-backup')], fresh);
    expect(notABackup.code).toBe(1);
    expect(notABackup.stderr).toContain('is not a folder');

    expect(await tableCount(fresh)).toBe(0);
    expect(fs.existsSync(path.join(work, 'other.db'))).toBe(false);
  });

  it('refuses to restore over a database that holds Haven data without --force', async () => {
    const users = await first!.strapi.db.query('plugin::users-permissions.user').count();
    const refused = await script('restore', [backupDir], first!.database);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds Haven data \(\d+ tables, \d+ accounts\)[\s\S]*--force/);
    expect(await first!.strapi.db.query('plugin::users-permissions.user').count()).toBe(users);
    // One more account than the backup holds, for the --force restore below to take away.
    await createUser(first!, 'client');
  });

  it('restores into an empty database; a second Haven with the same keys reads back everything, serves the uploads, lets people log in', async () => {
    await first!.close({ keepDatabase: true });
    databases.push(first!.database);
    first = undefined;
    // The upload folder loses this Haven's files, so only the restore can bring them back.
    for (const { url } of uploaded) fs.rmSync(path.join(UPLOADS, url.replace(/^\/uploads\//, '')));

    const restore = await script('restore', [backupDir], fresh);
    expect(restore.code, restore.stderr + restore.stdout).toBe(0);
    expect(restore.stdout).toMatch(/every count as in the manifest/);
    expect(restore.stdout).toContain(`uploads: ${uploaded.length} written`);
    console.log(`[backup-restore] ${fresh.env.DATABASE_CLIENT}: restore ${restore.seconds.toFixed(1)} s`);

    second = await startHaven({ database: fresh, env: { PRIVACY_EXPORT_WORKER: 'false', ...secrets } });
    const api = apiClient(second.url, { 'x-forwarded-for': randomClientAddress() });
    const logIn = async (person: { email: string; password: string }) => {
      const res = await api.post('/api/auth/local', { identifier: person.email, password: person.password });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const client = (await logIn(world.client)).jwt as string;
    const bystander = (await logIn(world.bystander)).jwt as string;
    // The therapist's two-step sign-in survived too: its secret is sealed under IDENTITY_MASTER_KEYS.
    const challenge = await logIn(world.therapist);
    expect(challenge).toMatchObject({ twoFactorRequired: true, challenge: expect.any(String) });
    const secondStep = await api.post('/api/identity/sign-in/second-factor', { challenge: challenge.challenge, code: nextTotpCode(twoFactorSecret) });
    expect(secondStep.status, JSON.stringify(secondStep.body)).toBe(200);
    expect((await api.post('/api/auth/local', { identifier: world.client.email, password: 'not-the-password-1' })).status).toBe(400);

    const after = await readEverything(second, world, { client, bystander, therapist: secondStep.body.jwt });
    expect(after).toEqual(before);
    // …and what was compared is the real, decrypted thing, not two equal failures.
    const clientMessages = Object.values(before.client.messages as Record<string, { body: string | null }[]>).flat();
    expect(clientMessages.map((m) => m.body)).toEqual(expect.arrayContaining(['First message from the client: the week was long.', 'Glad to hear it. Keep a note of when it helps most.']));
    expect(before.client.checkIn).toMatchObject({ mood: 3, reflection: 'Client reflection: slept badly but talked to a friend.' });
    expect(before.bystander.checkIn).toMatchObject({ reflection: 'Bystander reflection: a quiet and good day.' });
    expect((before.client.assessments as unknown[]).length).toBe(2);
    expect((before.client.payments as { status: string }[]).filter((p) => p.status === 'succeeded').length).toBeGreaterThanOrEqual(2);
    expect((before.therapist.sharingClients as unknown[]).length).toBe(2);
    expect(before.licence.document).toMatchObject({ mime: 'application/pdf', bytes: expect.any(Buffer) });

    for (const { url, bytes } of uploaded) {
      const res = await fetch(second.url + url);
      expect(res.status, url).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes), url).toBe(true);
    }
  }, 120_000);

  it('--force replaces the data of a database that holds some', async () => {
    // The first Haven's database (stopped), one account more than the backup: the restore checks every count against the manifest.
    const target = databases[databases.length - 1];
    const forced = await script('restore', [backupDir, '--force'], target);
    expect(forced.code, forced.stderr + forced.stdout).toBe(0);
    expect(forced.stdout).toMatch(/replacing \d+ tables, --force/);
    expect(forced.stdout).toMatch(/every count as in the manifest/);
  }, 60_000);
});
