/**
 * Master key rotation with no downtime: reflections written under key 1, the CMS restarted holding
 * keys 2 (current) and 1, `npm run wellness:rotate-key` run as its own process against the same
 * database while the CMS keeps answering reads, then the CMS restarted with key 2 alone.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, apiClient, createUser, startHaven, type Haven } from '../helpers/haven';

type User = Awaited<ReturnType<typeof createUser>>;

const keyA = crypto.randomBytes(32).toString('base64');
const keyB = crypto.randomBytes(32).toString('base64');

function runRotation(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'wellness-rotate-key.mjs')], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('wellness master key rotation', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  const people: { user: User; text: string }[] = [];
  const dataKeys = () => haven.strapi.db.connection('wellness_data_keys').select('owner_id', 'key_version', 'wrapped_key').orderBy('owner_id');
  const sealedTexts = () => haven.strapi.db.connection('wellness_entries').select('user_id', 'reflection').orderBy('user_id');

  afterAll(async () => {
    await haven?.close();
  });

  async function readAll() {
    for (const { user, text } of people) {
      const res = await api.get('/api/wellness/entries/2024-10-01', user.jwt);
      expect(res.status).toBe(200);
      expect(res.body.data.reflection).toBe(text);
    }
  }

  it('writes reflections under master key 1', async () => {
    haven = await startHaven({ env: { WELLNESS_MASTER_KEYS: `1:${keyA}` } });
    api = apiClient(haven.url);
    for (let i = 0; i < 3; i++) {
      const user = await createUser(haven, 'client');
      const text = `Reflection number ${i}: ${crypto.randomBytes(6).toString('hex')}`;
      expect((await api.put('/api/wellness/entries/2024-10-01', { mood: 3, reflection: text }, user.jwt)).status).toBe(201);
      people.push({ user, text });
    }
    expect((await dataKeys()).map((k: { key_version: number }) => k.key_version)).toEqual([1, 1, 1]);
    expect((await api.get('/api/wellness/health')).body.encryption).toEqual({ configured: true, keyVersion: 1 });
  });

  it('after a restart with key 2 current and key 1 kept, old keys still open and new ones use key 2', async () => {
    await haven.close({ keepDatabase: true });
    haven = await startHaven({ database: haven.database, env: { WELLNESS_MASTER_KEYS: `2:${keyB},1:${keyA}` } });
    api = apiClient(haven.url);
    // Logins are per process secret (JWT_SECRET changes with each start): log in again.
    for (const person of people) {
      const login = await api.post('/api/auth/local', { identifier: person.user.email, password: person.user.password });
      person.user = { ...person.user, jwt: login.body.jwt };
    }
    await readAll();
    const newcomer = await createUser(haven, 'client');
    await api.put('/api/wellness/entries/2024-10-01', { mood: 4, reflection: 'written during the rotation' }, newcomer.jwt);
    people.push({ user: newcomer, text: 'written during the rotation' });
    expect((await dataKeys()).map((k: { key_version: number }) => k.key_version)).toEqual([1, 1, 1, 2]);
  });

  it('re-wraps every key while the CMS keeps answering; reflections are not re-encrypted', async () => {
    const keysBefore = await dataKeys();
    const textsBefore = await sealedTexts();
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        await readAll();
        reads++;
      }
    })();
    const result = await runRotation({ ...haven.database.env, WELLNESS_MASTER_KEYS: `2:${keyB},1:${keyA}` });
    reading = false;
    await reader;
    expect(result.stderr).not.toContain('✖');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Re-wrapped 3 data keys');
    expect(result.stdout).toContain('0 left under an older key');
    expect(reads).toBeGreaterThan(0);

    const keysAfter = await dataKeys();
    expect(keysAfter.map((k: { key_version: number }) => k.key_version)).toEqual([2, 2, 2, 2]);
    keysAfter.slice(0, 3).forEach((key: { wrapped_key: string }, i: number) => expect(key.wrapped_key).not.toBe(keysBefore[i].wrapped_key));
    expect(keysAfter[3].wrapped_key).toBe(keysBefore[3].wrapped_key);
    expect(await sealedTexts()).toEqual(textsBefore);
    await readAll();

    const again = await runRotation({ ...haven.database.env, WELLNESS_MASTER_KEYS: `2:${keyB},1:${keyA}` });
    expect(again.stdout).toContain('Re-wrapped 0 data keys');
  });

  it('works with key 2 alone once the rotation is done', async () => {
    await haven.close({ keepDatabase: true });
    haven = await startHaven({ database: haven.database, env: { WELLNESS_MASTER_KEYS: `2:${keyB}` } });
    api = apiClient(haven.url);
    for (const person of people) {
      const login = await api.post('/api/auth/local', { identifier: person.user.email, password: person.user.password });
      person.user = { ...person.user, jwt: login.body.jwt };
    }
    await readAll();
  });

  it('a malformed key list stops the command with a clear message', async () => {
    const result = await runRotation({ ...haven.database.env, WELLNESS_MASTER_KEYS: '2:short' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('WELLNESS_MASTER_KEYS (entry 1) must be 32 bytes in base64');
    expect(result.stderr).not.toContain('short');
  });
});
