/** Database access, payload tables and tampering of the chat messages suite (chat-messages.test.ts). */
import type { Knex } from 'knex';
import type { ApiClient, Haven } from '../helpers/haven';
import { ask, bookedPair, type ChatSuite } from './chat-helpers';

/** The chat's message and conversation rows, read straight from the database. */
export function chatRows(getHaven: () => Haven) {
  const messageRows = (conversationRowId?: number) =>
    getHaven().strapi.db.connection('chat_messages').modify((q: Knex.QueryBuilder) => (conversationRowId ? q.where('conversation_id', conversationRowId) : q));
  const conversationRow = (publicId: string) => getHaven().strapi.db.connection('chat_conversations').where('document_id', publicId).first();
  return { messageRows, conversationRow };
}

/** The names of a table's indexes (PostgreSQL or SQLite). */
export async function indexNames(haven: Haven, table: string): Promise<string[]> {
  const db = haven.strapi.db.connection;
  return haven.dbClient === 'postgres'
    ? (await db.raw(`SELECT indexname AS name FROM pg_indexes WHERE tablename = ?`, [table])).rows.map((r: any) => r.name)
    : (await db.raw(`PRAGMA index_list('${table}')`)).map((r: any) => r.name);
}

/** The columns of an index, in index order (PostgreSQL or SQLite). */
export async function indexColumns(haven: Haven, name: string): Promise<string[]> {
  const db = haven.strapi.db.connection;
  return haven.dbClient === 'postgres'
    ? (await db.raw(`SELECT a.attname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE c.relname = ? ORDER BY array_position(i.indkey, a.attnum)`, [name])).rows.map((r: any) => r.name)
    : (await db.raw(`PRAGMA index_info('${name}')`)).map((r: any) => r.name);
}

/** Takes a conversation's messages after `seq` back out, its counter and the client's read pointer included. */
export async function dropMessagesAfter(haven: Haven, conversationRowId: number, seq: number): Promise<void> {
  await haven.strapi.db.connection('chat_messages').where('conversation_id', conversationRowId).where('seq', '>', seq).delete();
  await haven.strapi.db.connection('chat_conversations').where('id', conversationRowId).update({ last_seq: seq, client_read_seq: seq });
}

/** Another pair's first message (sent with `body`): its socket and its stored row, sealed for the other conversation. */
export async function foreignMessage(chat: ChatSuite, body: string) {
  const other = await bookedPair(chat.haven);
  const socket = await chat.open(other.client.jwt);
  await ask(socket, 'message:send', { conversationId: other.conversationId, body });
  const { messageRows, conversationRow } = chatRows(() => chat.haven);
  const otherConv = await conversationRow(other.conversationId);
  const foreign = await messageRows(otherConv.id).where('seq', 1).first();
  return { socket, foreign };
}

/** Message 2 gets `foreignBody` (another conversation's ciphertext); message 3 gets one changed character. */
export async function tamperWith(rows: () => Knex.QueryBuilder, foreignBody: string): Promise<void> {
  await rows().where('seq', 2).update({ body: foreignBody });
  const three = await rows().where('seq', 3).first();
  const flipped = three.body.slice(0, 20) + (three.body[20] === 'A' ? 'B' : 'A') + three.body.slice(21);
  await rows().where('seq', 3).update({ body: flipped });
}

/** Every way to reach a conversation by id over REST, plus an unknown and a malformed id. */
export function conversationLookups(api: ApiClient, conversationId: string, jwt: string) {
  return [
    api.get(`/api/chat/conversations/${conversationId}/messages`, jwt),
    api.get(`/api/chat/conversations/doesnotexist000000000000/messages`, jwt),
    api.get(`/api/chat/conversations/${conversationId}`, jwt),
    api.post(`/api/chat/conversations/${conversationId}/read`, { upTo: 1 }, jwt),
    api.get(`/api/chat/conversations/NOT-an-id!/messages`, jwt),
  ];
}

/** message:send payloads that are refused, with the error code expected. */
export function badSends(conversationId: string): [unknown, string][] {
  return [
    [{ conversationId, body: 'x'.repeat(4001) }, 'too-large'],
    [{ conversationId, body: '   ' }, 'invalid'],
    [{ conversationId, body: { text: 'hi' } }, 'invalid'],
    [{ conversationId, body: 42 }, 'invalid'],
    [{ conversationId, body: 'hi', admin: true }, 'invalid'],
    ['just a string', 'invalid'],
  ];
}
