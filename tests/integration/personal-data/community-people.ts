/**
 * Personal data of the community, library, applications and people plugins (issue 20). The client
 * joins the community (a post, a reply to the bystander, an alias change, a reaction, a flag on the
 * bystander's reply), is sent a moderator's notice, reads and searches the library, uploads an avatar,
 * turns a kind of mail off and asks to change their email; the bystander posts and answers the
 * client's post; the therapist uploads a licence document. All through the HTTP API, as the people
 * (and a moderator) would, except the licence document, stored through the applications contract.
 */
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { apiClient, type ApiClient, type ApiResponse, type Haven } from '../../helpers/haven';
import { staffUser } from '../community-helpers';
import type { ExportedPlugins, PersonalDataModule, World } from './world';

const load = createRequire(__filename);

/** What the seed wrote, kept for the checks (module state: one world per test file). */
interface Seeded {
  memberId: number;
  bystanderMemberId: number;
  aliases: string[];
  bystanderAlias: string;
  post: { id: string; title: string; body: string };
  reply: { id: string; body: string };
  bystanderPost: { id: string; title: string; body: string };
  bystanderReply: { id: string; body: string };
  /** The bystander's answer under the client's post. */
  bystanderAnswer: { id: string; body: string };
  flagNote: string;
  notice: string;
  avatar: { id: number; url: string; name: string };
  newEmail: string;
  resourceSlug: string;
  document: { fileName: string; size: number };
  names: { client: string; therapist: string; bystander: string };
}
let seeded: Seeded | null = null;
const state = (): Seeded => {
  if (!seeded) throw new Error('the community-people module was not seeded');
  return seeded;
};

const tag = () => crypto.randomBytes(4).toString('hex');
const displayName = async (api: ApiClient, person: { jwt: string }) => (await api.get('/api/profiles/me', person.jwt)).body.data.displayName as string;
const memberIdOf = async (haven: Haven, userId: number): Promise<number> => (await haven.strapi.db.query('plugin::community.member').findOne({ where: { userId } })).id;

/** The parts of community's and people's export sections these checks read (type aliases: an export's sections are plain JSON records). */
type ExportedCommunity = {
  member: { alias: string };
  aliases: string[];
  posts: unknown[];
  replies: unknown[];
  reactions: unknown[];
  flagsRaised: unknown[];
  noticesReceived: unknown[];
};
type ExportedPeople = {
  account: { role: unknown };
  profiles: { mailSettings: unknown }[];
  therapistProfiles: unknown[];
  emailChanges: unknown[];
  activityDays: string[];
};

async function ok(res: Promise<ApiResponse>, status = 200) {
  const done = await res;
  expect(done.status, JSON.stringify(done.body)).toBe(status);
  return done.body;
}

/** Every row of a table, all columns, as the database gives them. */
const rows = (haven: Haven, uid: string): Promise<Record<string, unknown>[]> => haven.strapi.db.connection(haven.strapi.db.metadata.get(uid).tableName).select('*');

const COMMUNITY_UIDS = ['member', 'alias', 'post', 'reply', 'reaction', 'flag', 'notice', 'log-entry'].map((name) => `plugin::community.${name}`);
const PEOPLE_UIDS = ['api::profile.profile', 'api::therapist-profile.therapist-profile', 'api::account.email-change', 'plugin::people.activity'];
const APPLICATION_UIDS = ['document', 'decision', 'expiry-notice'].map((name) => `plugin::applications.${name}`);
/** Columns that hold an account id. */
const ACCOUNT_COLUMNS = /(^|_)user_id$/;
/** Columns that hold a community member id. */
const MEMBER_COLUMNS = /(^|_)(member_id|author_id)$/;

/** Cells of the tables that hold a value: an account id in an account column, a member id in a member column, or any of the strings. */
async function holding(haven: Haven, uids: string[], find: { userId?: number; memberId?: number; texts: string[] }): Promise<string[]> {
  const found: string[] = [];
  for (const uid of uids) {
    for (const row of await rows(haven, uid)) {
      for (const [column, value] of Object.entries(row)) {
        if (find.userId !== undefined && ACCOUNT_COLUMNS.test(column) && Number(value) === find.userId) found.push(`${uid}.${column}=${String(value)}`);
        if (find.memberId !== undefined && MEMBER_COLUMNS.test(column) && Number(value) === find.memberId) found.push(`${uid}.${column}=${String(value)}`);
        const text = typeof value === 'string' ? value : value && typeof value === 'object' ? JSON.stringify(value) : '';
        for (const needle of find.texts) if (needle && text.includes(needle)) found.push(`${uid}.${column} holds "${needle.slice(0, 30)}"`);
      }
    }
  }
  return found;
}

/** Every key anywhere in a JSON value. */
const keysOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.flatMap(keysOf) : value && typeof value === 'object' ? Object.entries(value).flatMap(([key, v]) => [key, ...keysOf(v)]) : [];

export const communityPeopleModule: PersonalDataModule = {
  plugins: ['community', 'library', 'applications', 'people'],

  async seed(world: World) {
    const { haven, client, therapist, bystander } = world;
    const api = apiClient(haven.url);
    const names = { client: await displayName(api, client), therapist: await displayName(api, therapist), bystander: await displayName(api, bystander) };
    const t = tag();

    // Community. The bystander posts first; the client posts, changes alias, answers the bystander, reacts and flags.
    const bystanderPostBody = `Bystander's own post ${t}: a quiet week, some good walks.`;
    const bystanderPostTitle = `Bystander title ${t}`;
    const bp = await ok(api.post('/api/community/posts', { category: 'general', title: bystanderPostTitle, body: bystanderPostBody }, bystander.jwt), 201);
    const bystanderAlias = bp.data.author.alias as string;

    const postBody = `Client post ${t}: sleeping badly since the move, trying a wind-down routine.`;
    const postTitle = `Client title ${t}`;
    const post = await ok(api.post('/api/community/posts', { category: 'anxiety-support', title: postTitle, body: postBody }, client.jwt), 201);
    const firstAlias = post.data.author.alias as string;
    const changed = await ok(api.post('/api/community/me/alias', {}, client.jwt));
    const secondAlias = changed.data.alias as string;
    expect(secondAlias).not.toBe(firstAlias);

    const replyBody = `Client reply ${t}: the walks help me too, especially in the morning.`;
    const reply = await ok(api.post(`/api/community/posts/${bp.data.id}/replies`, { body: replyBody }, client.jwt), 201);
    const answerBody = `Bystander answer ${t}: a warm drink before bed worked for me.`;
    const answer = await ok(api.post(`/api/community/posts/${post.data.id}/replies`, { body: answerBody }, bystander.jwt), 201);
    const bystanderReplyBody = `Bystander second reply ${t}: buy my miracle pills at a discount.`;
    const bystanderReply = await ok(api.post(`/api/community/posts/${bp.data.id}/replies`, { body: bystanderReplyBody }, bystander.jwt), 201);

    await ok(api.post('/api/community/reactions', { target: 'post', id: bp.data.id, kind: 'heart' }, client.jwt));
    const flagNote = `Client flag note ${t}: looks like an advert`;
    await ok(api.post('/api/community/flags', { target: 'reply', id: bystanderReply.data.id, reason: 'spam', note: flagNote }, client.jwt), 201);

    // A moderator writes privately to the member behind the client's post.
    const moderator = await staffUser(haven, 'haven-moderator');
    const notice = `A moderator's note ${t}: we are glad you are here; the crisis lines are always open.`;
    await ok(moderator.api.post(`/community/queue/post/${post.data.id}/notice`, { text: notice }), 201);

    // Library: a published resource the client opens, and a search.
    const resourceSlug = `sleep-hygiene-${t}`;
    await haven.strapi.documents('api::resource.resource').create({ data: { kind: 'article', title: `Sleep hygiene ${t}`, slug: resourceSlug, summary: 'Small habits for better nights.' }, status: 'published' });
    expect((await api.post(`/api/library/resources/${resourceSlug}/views`, {}, client.jwt)).status).toBeLessThan(300);
    await ok(api.get('/api/library/search?q=sleep', client.jwt));

    // People: an avatar, a kind of mail turned off, an email change asked for.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const form = new FormData();
    form.append('avatar', new Blob([png], { type: 'image/png' }), `me-${t}.png`);
    const avatarUrl = (await ok(api.post('/api/profiles/me/avatar', form, client.jwt))).data.avatarUrl as string;
    const profile = await haven.strapi.db.query('api::profile.profile').findOne({ where: { user: { id: client.id } }, populate: ['avatar'] });
    expect(profile.avatar.url).toBe(avatarUrl);
    await ok(api.put('/api/profiles/me/notifications', { reminders: false }, client.jwt));
    const newEmail = `moved_${t}@test.haven.example`;
    expect((await api.post('/api/account/email', { email: newEmail, currentPassword: client.password }, client.jwt)).status).toBeLessThan(300);

    // Applications: the therapist's licence document.
    const { applications }: typeof import('@haven/plugin-applications/public') = load('@haven/plugin-applications/public');
    const pdf = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${t}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
    const document = await applications.storeDocument(therapist.id, pdf, `licence-${t}.pdf`);

    seeded = {
      memberId: await memberIdOf(haven, client.id),
      bystanderMemberId: await memberIdOf(haven, bystander.id),
      aliases: [firstAlias, secondAlias],
      bystanderAlias,
      post: { id: post.data.id, title: postTitle, body: postBody },
      reply: { id: reply.data.id, body: replyBody },
      bystanderPost: { id: bp.data.id, title: bystanderPostTitle, body: bystanderPostBody },
      bystanderReply: { id: bystanderReply.data.id, body: bystanderReplyBody },
      bystanderAnswer: { id: answer.data.id, body: answerBody },
      flagNote,
      notice,
      avatar: { id: profile.avatar.id, url: avatarUrl, name: profile.avatar.name },
      newEmail,
      resourceSlug,
      document: { fileName: document.fileName, size: document.size },
      names,
    };
  },

  checkExport(world: World, exported: ExportedPlugins) {
    const s = state();
    const { client, therapist, bystander } = world;
    const community = exported.community as ExportedCommunity;
    const people = exported.people as ExportedPeople;

    // Community: the member, both aliases, the post, the reply, the reaction, the flag with its target's text, the notice.
    expect(community.member.alias).toBe(s.aliases[1]);
    expect(community.aliases).toEqual(s.aliases);
    expect(community.posts).toEqual([expect.objectContaining({ id: s.post.id, title: s.post.title, body: s.post.body, alias: s.aliases[0], category: 'Anxiety support' })]);
    expect(community.replies).toEqual([expect.objectContaining({ id: s.reply.id, body: s.reply.body, alias: s.aliases[1], postTitle: s.bystanderPost.title })]);
    expect(community.reactions).toEqual([expect.objectContaining({ kind: 'heart', targetType: 'post', targetId: s.bystanderPost.id })]);
    expect(community.flagsRaised).toEqual([expect.objectContaining({ targetType: 'reply', reason: 'spam', note: s.flagNote, target: expect.objectContaining({ excerpt: expect.stringContaining('miracle pills') }) })]);
    expect(community.noticesReceived).toEqual([expect.objectContaining({ text: s.notice, aliasAtTime: s.aliases[0] })]);
    // Never another member's identity or any member or account id.
    const communityText = JSON.stringify(community);
    for (const other of [s.bystanderAlias, bystander.username, bystander.email, s.names.bystander]) expect(communityText).not.toContain(other);
    expect(keysOf(community).filter((key) => /^(memberId|authorId|userId|adminId)$/.test(key))).toEqual([]);

    // Library: nothing is logged against an account.
    expect(exported.library ?? {}).toEqual({});

    // People: the account, the profile with its avatar and mail settings, the email change (no token), the activity days.
    expect(people.account).toEqual(expect.objectContaining({ username: client.username, email: client.email, confirmed: true, blocked: false }));
    expect(people.account.role).toBeTruthy();
    expect(people.profiles).toEqual([expect.objectContaining({ displayName: s.names.client, timeZone: 'UTC', avatar: expect.objectContaining({ fileName: s.avatar.name, mime: 'image/png' }) })]);
    expect(people.profiles[0].mailSettings).toEqual(expect.objectContaining({ reminders: false, bookings: true }));
    expect(people.therapistProfiles).toEqual([]);
    expect(people.emailChanges).toEqual([expect.objectContaining({ newEmail: s.newEmail, status: 'pending' })]);
    expect(people.activityDays).toContain(new Date().toISOString().slice(0, 10));
    const peopleText = JSON.stringify(people);
    expect(keysOf(people)).not.toEqual(expect.arrayContaining(['tokenHash']));
    expect(peopleText).not.toContain(s.avatar.url);
    for (const other of [therapist.username, therapist.email, bystander.username, bystander.email]) expect(peopleText).not.toContain(other);

    // Applications: a client has none.
    expect(exported.applications).toEqual(expect.objectContaining({ application: null, licenceDocuments: [], statusHistory: [] }));
  },

  async checkErased(world: World) {
    const s = state();
    const { haven, client, therapist, bystander } = world;
    const api = apiClient(haven.url);

    // Community: no column names the client's account or member, and the alias table links their aliases to nobody.
    const post = await haven.strapi.db.query('plugin::community.post').findOne({ where: { documentId: s.post.id } });
    const erasedTexts = post.state === 'deleted';
    const texts = [client.email, client.username, s.flagNote, s.notice, ...(erasedTexts ? [s.post.title, s.post.body, s.reply.body] : [])];
    expect(await holding(haven, COMMUNITY_UIDS, { userId: client.id, texts })).toEqual([]);
    expect(await haven.strapi.db.query('plugin::community.member').count({ where: { userId: client.id } })).toBe(0);
    const aliasRows = await haven.strapi.db.query('plugin::community.alias').findMany({ where: { alias: { $in: s.aliases } } });
    expect(aliasRows.map((row: { memberId: number | null }) => row.memberId)).toEqual([null, null]);
    for (const target of [['plugin::community.reaction', 'plugin::community.flag', 'plugin::community.notice']].flat()) {
      expect(await haven.strapi.db.query(target).count({ where: { memberId: s.memberId } }), target).toBe(0);
    }
    if (!erasedTexts) {
      // Kept as a former member: readable, under "Former member", without the alias it was written under.
      const read = await ok(api.get(`/api/community/posts/${s.post.id}`, bystander.jwt));
      expect(read.data.body ?? read.data.bodyHtml).toBeTruthy();
      expect(read.data.author.alias).toBe('Former member');
      expect(JSON.stringify(read)).not.toContain(s.aliases[0]);
    } else {
      expect((await api.get(`/api/community/posts/${s.post.id}`, bystander.jwt)).status).toBe(404);
    }

    // The bystander keeps their member, post and replies (including their answer under the client's post), and the heart is no longer counted.
    expect(await memberIdOf(haven, bystander.id)).toBe(s.bystanderMemberId);
    const theirs = await ok(api.get(`/api/community/posts/${s.bystanderPost.id}`, bystander.jwt));
    expect(theirs.data.title).toBe(s.bystanderPost.title);
    expect(theirs.data.reactions.heart).toBe(0);
    for (const kept of [s.bystanderReply, s.bystanderAnswer]) {
      const row = await haven.strapi.db.query('plugin::community.reply').findOne({ where: { documentId: kept.id } });
      expect(row.body).toBe(kept.body);
      expect(row.authorId).toBe(s.bystanderMemberId);
    }
    expect(await haven.strapi.db.query('plugin::community.reply').findOne({ where: { documentId: s.reply.id } })).toEqual(expect.objectContaining({ authorAlias: null }));

    // People: no profile, email change or activity day of the client; the avatar's file row and bytes are gone.
    expect(await holding(haven, PEOPLE_UIDS, { userId: client.id, texts: [client.email, client.username, s.newEmail, s.names.client] })).toEqual([]);
    expect(await haven.strapi.db.query('plugin::upload.file').count({ where: { id: s.avatar.id } })).toBe(0);
    expect((await fetch(haven.url + s.avatar.url)).status).toBe(404);
    // The bystander's and the therapist's profiles are untouched.
    expect(await displayName(api, bystander)).toBe(s.names.bystander);
    expect(await displayName(api, therapist)).toBe(s.names.therapist);
    expect(await haven.strapi.db.query('api::therapist-profile.therapist-profile').count({ where: { user: { id: therapist.id } } })).toBe(1);

    // Applications: the therapist's licence document is theirs and stays.
    const documents = await haven.strapi.db.query('plugin::applications.document').findMany({ where: { userId: therapist.id } });
    expect(documents.map((row: { fileName: string }) => row.fileName)).toEqual([s.document.fileName]);
    expect(await holding(haven, APPLICATION_UIDS, { userId: client.id, texts: [client.email, client.username] })).toEqual([]);
  },
};

