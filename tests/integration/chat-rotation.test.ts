/**
 * Master key rotation while people chat: conversations opened under master key 1; the CMS restarted
 * with key 2 current (key 1 still readable); `npm run chat:rotate-key` (the real script, in its own
 * process, on the same database) re-wraps every data key while a client stays connected and keeps
 * sending and reading; then a CMS holding only key 2 still reads everything.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, ROOT, startHaven, type Haven } from '../helpers/haven';
import { ask, bookedPair, connect, pause, type ChatSocket, type Pair } from './chat-helpers';

const key1 = crypto.randomBytes(32).toString('base64');
const key2 = crypto.randomBytes(32).toString('base64');
const usePg = process.env.DATABASE_CLIENT === 'postgres';
const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** One database for the three CMS starts and the rotation process. */
async function sharedDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (!usePg) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-chat-rotation-'));
    return { env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(dir, 'haven.db') }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `haven_chat_rotation_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function rotateKeys(env: Record<string, string>, onRewrapping: () => void = () => undefined): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'chat-rotate-key.mjs')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Re-wrapping')) onRewrapping();
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

let haven: Haven | null = null;
let database: Awaited<ReturnType<typeof sharedDatabase>> | null = null;
afterAll(async () => {
  await haven?.close();
  await database?.drop();
});

describe('rotating the chat master key', () => {
  it('re-wraps every data key while a client keeps sending and reading, and the old key can then go', { timeout: 300_000 }, async () => {
    database = await sharedDatabase();
    // The test's own JWT secret etc. must survive restarts so that tokens stay valid: fix them once.
    const fixed = { ...database.env, CHAT_RATE_LIMIT_MESSAGES: '1000', JWT_SECRET: crypto.randomBytes(24).toString('base64'), APP_KEYS: `${crypto.randomBytes(16).toString('hex')},${crypto.randomBytes(16).toString('hex')}` };

    // 1. Three conversations under master key 1, with history.
    haven = await startHaven({ env: { ...fixed, CHAT_MASTER_KEYS: `1:${key1}` } });
    const pairs: Pair[] = [];
    for (let i = 0; i < 3; i++) pairs.push(await bookedPair(haven, 2 + i));
    for (const pair of pairs) {
      const socket = await connect(haven.url, pair.client.jwt);
      for (let i = 0; i < 3; i++) expect((await ask(socket, 'message:send', { conversationId: pair.conversationId, body: `before rotation ${i}` })).ok).toBe(true);
      socket.close();
    }
    await haven.close();
    haven = null;

    // 2. Restarted with key 2 current and key 1 still known.
    const both = `2:${key2},1:${key1}`;
    haven = await startHaven({ env: { ...fixed, CHAT_MASTER_KEYS: both } });
    const running = haven;
    const api = apiClient(running.url);
    const before = await running.strapi.db.connection('chat_conversations').select('key_version');
    expect(before.map((r: any) => r.key_version)).toEqual([1, 1, 1]);

    const [pair] = pairs;
    const sender: ChatSocket = await connect(running.url, pair.client.jwt);
    const reader: ChatSocket = await connect(running.url, pair.therapist.jwt);
    const received: string[] = [];
    reader.on('message:new', (m: any) => received.push(m.body));
    const sent: string[] = [];
    const failures: unknown[] = [];
    let reads = 0;
    let chatting = true;
    // PostgreSQL: chat from the first moment. SQLite: one file shared by two processes, and Strapi's own
    // start-up writes (roles, permissions) give way to no one; the chat starts when the re-wrapping does.
    let rewrapping = usePg;
    const chat = (async () => {
      while (!rewrapping) await pause(20);
      for (let i = 0; chatting || i < 5; i++) {
        const body = `during rotation ${i}`;
        const ack = await ask(sender, 'message:send', { conversationId: pair.conversationId, body });
        if (ack.ok) sent.push(body);
        else failures.push(ack);
        const history = await api.get(`/api/chat/conversations/${pair.conversationId}/messages?limit=100`, pair.therapist.jwt);
        if (history.status !== 200 || history.body.data.some((m: any) => m.unreadable)) failures.push(history.body);
        else reads++;
        await pause(20);
      }
    })();

    // 3. The rotation, in its own process, while the chat goes on.
    const rotation = await rotateKeys({ ...fixed, CHAT_MASTER_KEYS: both }, () => (rewrapping = true));
    chatting = false;
    await chat;
    expect(rotation.code, rotation.output).toBe(0);
    expect(rotation.output).toMatch(/Re-wrapped 3 data keys/);
    expect(rotation.output).toMatch(/0 left under an older key/);
    expect(failures).toEqual([]);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    expect(reads).toBe(sent.length);
    await pause(300);
    expect(received).toEqual(sent);
    expect(sender.connected && reader.connected).toBe(true);
    const after = await running.strapi.db.connection('chat_conversations').select('key_version');
    expect(after.map((r: any) => r.key_version)).toEqual([2, 2, 2]);
    expect((await rotateKeys({ ...fixed, CHAT_MASTER_KEYS: both })).output).toMatch(/Re-wrapped 0 data keys/);
    sender.close();
    reader.close();
    await running.close();
    haven = null;

    // 4. Key 1 gone: everything still opens.
    haven = await startHaven({ env: { ...fixed, CHAT_MASTER_KEYS: `2:${key2}` } });
    const restarted = apiClient(haven.url);
    for (const p of pairs) {
      // The whole history, page by page (how many messages the chat wrote during the rotation varies).
      const history: any[] = [];
      let before: number | null = null;
      do {
        const page = await restarted.get(`/api/chat/conversations/${p.conversationId}/messages?limit=100${before === null ? '' : `&before=${before}`}`, p.client.jwt);
        expect(page.status).toBe(200);
        history.unshift(...page.body.data);
        before = page.body.meta.nextBefore;
      } while (before !== null);
      expect(history.slice(0, 3).map((m: any) => m.body)).toEqual(['before rotation 0', 'before rotation 1', 'before rotation 2']);
      expect(history.every((m: any) => typeof m.body === 'string')).toBe(true);
    }
  });
});
