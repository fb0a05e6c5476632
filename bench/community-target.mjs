#!/usr/bin/env node
/**
 * The server side of `npm run bench:community` (bench/community.mjs starts it, twice per database):
 *
 *   node bench/community-target.mjs generate sqlite|postgres
 *       boots Haven's compiled CMS on an empty database (demo seed), writes a few community rows through
 *       the plugin's own services (the reference shape), then bulk-inserts BENCH_POSTS posts,
 *       BENCH_REPLIES replies, BENCH_REACTIONS reactions and BENCH_MEMBERS members (with their site
 *       accounts) with knex, checks the counters, prints `BENCH_GENERATED {…}` and exits.
 *   node bench/community-target.mjs serve sqlite|postgres
 *       boots the CMS on that database and serves it on 127.0.0.1 and an ephemeral port; prints
 *       `BENCH_TARGET {"url": …}` when it answers, stops on SIGTERM or when stdin closes.
 *
 * Needs DATABASE_FILENAME (sqlite) or DATABASE_URL (postgres, a database of its own) and the compiled
 * cms/dist and plugins/*\/dist. Progress goes to stdout as `BENCH_PROGRESS {…}` lines.
 * One Strapi per process: Strapi is a global singleton and strapi.destroy() removes every listener.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { applyBenchStrapiEnv } from './strapi-env.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CMS = path.join(ROOT, 'cms');
const COMMUNITY_DIST = path.join(ROOT, 'plugins', 'community', 'dist', 'server');

const [mode, database] = process.argv.slice(2);
if (!['generate', 'serve'].includes(mode) || !['sqlite', 'postgres'].includes(database)) {
  console.error('usage: node bench/community-target.mjs generate|serve sqlite|postgres');
  process.exit(2);
}
if (database === 'sqlite' && !process.env.DATABASE_FILENAME) throw new Error('DATABASE_FILENAME is required for sqlite');
if (database === 'postgres' && !process.env.DATABASE_URL) throw new Error('DATABASE_URL is required for postgres');
for (const file of [path.join(CMS, 'dist', 'src', 'index.js'), path.join(COMMUNITY_DIST, 'index.js')]) {
  if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run build:cms\` first`);
}

function numberFromEnv(name, fallback, { min = 0 } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, not "${raw}"`);
  return value;
}

const POSTS = numberFromEnv('BENCH_POSTS', 100_000, { min: 100 });
const REPLIES = numberFromEnv('BENCH_REPLIES', 500_000);
const MEMBERS = numberFromEnv('BENCH_MEMBERS', 3_000, { min: 10 });
const REACTIONS = numberFromEnv('BENCH_REACTIONS', 2 * POSTS);
const SEED = numberFromEnv('BENCH_SEED', 20261124);

applyBenchStrapiEnv(database, { HAVEN_SEED_DEMO: 'true' });

const maxSeconds = Number(process.env.BENCH_TARGET_MAX_SECONDS || 3600);
setTimeout(() => {
  console.error(`[community-target] still running after ${maxSeconds}s: exiting`);
  process.exit(3);
}, maxSeconds * 1000).unref();

const emit = (kind, data) => process.stdout.write(`${kind} ${JSON.stringify(data)}\n`);

const { createStrapi } = require('@strapi/strapi');
const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
const app = createStrapi({ appDir: CMS, distDir: path.join(CMS, 'dist'), autoReload: false, serveAdminPanel: false });
for (const signal of ['SIGTERM', 'SIGINT']) {
  for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), 10_000).unref();
  try {
    await app.destroy();
  } catch (error) {
    console.error('[community-target] destroy failed:', error?.message ?? error);
  }
  process.exit(code);
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.on('error', () => stop(0));
process.stdin.resume();

// ------------------------------------------------------------------------------------------------
// Deterministic randomness: the same BENCH_SEED gives the same data on SQLite and on PostgreSQL
// ------------------------------------------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const randInt = (n) => Math.floor(rand() * n);
const pick = (items) => items[randInt(items.length)];
const chance = (p) => rand() < p;
/** 24 characters, a letter first: the shape of Strapi 5's document ids (cuid2). */
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
function documentId() {
  let id = ID_CHARS[randInt(26)];
  for (let i = 1; i < 24; i++) id += ID_CHARS[randInt(36)];
  return id;
}
/** Lomax (Pareto II) draw with shape alpha and scale 1: heavy-tailed, often near 0. */
const lomax = (alpha) => Math.pow(1 - rand(), -1 / alpha) - 1;

/** Draws indices in proportion to weights (cumulative sums and a binary search). */
function sampler(weights) {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) cumulative[i] = sum += weights[i];
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

// ------------------------------------------------------------------------------------------------
// Text: a pool of bodies rendered once with the plugin's own Markdown pipeline
// ------------------------------------------------------------------------------------------------
const OPENERS = [
  'Lately I have been struggling with', 'Does anyone else find it hard to cope with', 'I wanted to share how I am handling', 'Small update on',
  'Looking for advice about', 'Today I finally talked to someone about', 'How do you all deal with', 'Three months in and still working on',
  'Not sure where else to post this, but', 'A good day for once, despite', 'Feeling stuck with', 'What helped me with',
];
const TOPICS = [
  'panic attacks at work', 'sleepless nights', 'the weekend slump', 'family gatherings', 'starting a new job', 'losing my dad last spring',
  'cravings in the evening', 'feeling numb', 'social anxiety', 'my first therapy session', 'breathing exercises', 'a breakup',
  'staying sober over the holidays', 'getting out of bed', 'comparing myself to others', 'being a carer', 'intrusive thoughts',
  'moving to a new city', 'exam stress', 'loneliness', 'setting boundaries', 'a relapse', 'medication side effects', 'seasonal low mood',
];
const SENTENCES = [
  'Some days it feels like everything is too much and I do not know where to start.',
  'I tried the grounding exercise someone suggested here and it actually helped a little.',
  'My therapist says progress is not a straight line, which I keep having to remind myself.',
  'I went for a short walk this morning even though I did not want to.',
  'It is strange how the smallest things can set me off on a bad day.',
  'I have been keeping a journal and writing down one good thing each evening.',
  'Talking to my sister about it was scary, but she listened without judging.',
  'I keep telling myself that asking for help is a strength and not a weakness.',
  'The nights are the hardest, when the house is quiet and my mind is loud.',
  'I cancelled plans again and then felt guilty about cancelling them.',
  'Drinking water, eating something and stepping outside: the basics really do matter.',
  'Reading other people\'s stories here makes me feel less alone.',
  'I noticed my chest getting tight in the meeting and remembered to breathe slowly.',
  'It has been a long week, but I made it to Friday.',
  'Some of you mentioned apps for sleep sounds, and I have been trying one.',
  'I am proud of myself for getting through the appointment today.',
  'There is no quick fix, but there are small steps, and I am taking them.',
  'I wish people understood that I cannot just snap out of it.',
  'My dog has honestly been the best support these past months.',
  'Thank you to everyone who replied to my last post; it meant a lot.',
];
const REPLY_SENTENCES = [
  'Thank you for sharing this, it takes courage.', 'I have been there too, and it does get easier.', 'Sending you a big hug.',
  'That sounds really hard. Be gentle with yourself today.', 'What helped me was breaking the day into very small pieces.',
  'Have you been able to talk to your GP about it?', 'Proud of you for reaching out.', 'One step at a time, you are doing it.',
  'I relate to this so much.', 'Box breathing helps me: in for four, hold for four, out for four.', 'You are not alone in this.',
  'Congratulations, that is a real win!', 'It is okay to rest; rest is not giving up.', 'Writing things down helped me a lot too.',
  'Please look after yourself, and come back and tell us how it went.', 'That is such a kind thing to do for yourself.',
];
const MARKS = [(s) => `**${s}**`, (s) => `*${s}*`, (s) => s];

function paragraph(sentences, count) {
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(pick(sentences));
  if (chance(0.15)) parts[0] = pick(MARKS)(parts[0]);
  return parts.join(' ');
}

function makePool({ size, sentences, paragraphs, perParagraph, lists }) {
  const { renderMarkdown, excerptOf } = require(path.join(COMMUNITY_DIST, 'lib', 'render.js'));
  const pool = [];
  for (let i = 0; i < size; i++) {
    const blocks = [];
    const n = 1 + randInt(paragraphs);
    for (let p = 0; p < n; p++) blocks.push(paragraph(sentences, 1 + randInt(perParagraph)));
    if (lists && chance(0.1)) blocks.push(['- ' + pick(TOPICS), '- ' + pick(TOPICS), '- ' + pick(TOPICS)].join('\n'));
    const body = blocks.join('\n\n');
    const bodyHtml = renderMarkdown(body);
    pool.push({ body, bodyHtml, excerpt: excerptOf(bodyHtml) });
  }
  return pool;
}

// ------------------------------------------------------------------------------------------------
// Bulk insert with progress
// ------------------------------------------------------------------------------------------------
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

function progressReporter(totalRows) {
  const started = Date.now();
  let done = 0;
  let last = 0;
  return {
    total: totalRows,
    add(phase, rows, phaseDone, phaseTotal) {
      done += rows;
      const now = Date.now();
      if (now - last < 1000 && phaseDone < phaseTotal) return;
      last = now;
      emit('BENCH_PROGRESS', { phase, phaseDone, phaseTotal, done, total: this.total, rowsPerSecond: Math.round(done / Math.max(0.001, (now - started) / 1000)) });
    },
    get done() {
      return done;
    },
  };
}

/** Rows per multi-row INSERT on PostgreSQL: at most 65,535 bound values per statement. */
function rowsPerStatement(row) {
  return Math.max(1, Math.min(1000, Math.floor(60_000 / Object.keys(row).length)));
}

/**
 * Inserts rows in one transaction. PostgreSQL: knex multi-row INSERTs. SQLite: knex writes a multi-row
 * insert as a compound SELECT (at most 500 rows, slow to prepare), so there one prepared INSERT runs per
 * row on Strapi's own better-sqlite3 connection, with the values bound the way knex binds them
 * (dates as epoch milliseconds, booleans as 0/1): the rows come out the same, several times faster.
 */
async function insertRows(knex, table, rows) {
  if (!rows.length) return;
  if (database === 'sqlite') {
    const columns = Object.keys(rows[0]);
    const bind = (value) => (value instanceof Date ? value.valueOf() : typeof value === 'boolean' ? Number(value) : value);
    const connection = await knex.client.acquireConnection();
    try {
      const insert = connection.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      connection.transaction((batch) => {
        for (const row of batch) insert.run(columns.map((c) => bind(row[c])));
      })(rows);
    } finally {
      await knex.client.releaseConnection(connection);
    }
    return;
  }
  const perStatement = rowsPerStatement(rows[0]);
  await knex.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += perStatement) await trx(table).insert(rows.slice(i, i + perStatement));
  });
}

async function bulkInsert(knex, table, rows, progress, { phase = table } = {}) {
  const perTransaction = 20_000;
  for (let start = 0; start < rows.length; start += perTransaction) {
    const slice = rows.slice(start, start + perTransaction);
    await insertRows(knex, table, slice);
    progress.add(phase, slice.length, Math.min(rows.length, start + perTransaction), rows.length);
  }
}

/** Generates rows in chunks (so 500,000 replies never sit in memory as objects) and inserts them. */
async function streamInsert(knex, table, total, makeRow, progress) {
  const CHUNK = 20_000;
  for (let start = 0; start < total; start += CHUNK) {
    const rows = [];
    for (let i = start; i < Math.min(total, start + CHUNK); i++) rows.push(makeRow(i));
    await insertRows(knex, table, rows);
    progress.add(table, rows.length, Math.min(total, start + CHUNK), total);
  }
}

// ------------------------------------------------------------------------------------------------
// generate
// ------------------------------------------------------------------------------------------------
const STATE_CODE = { visible: 0, held: 1, hidden: 2, removed: 3, deleted: 4 };
const STATES = Object.keys(STATE_CODE);

async function generate(strapi) {
  const t0 = Date.now();
  const knex = strapi.db.connection;
  const table = (uid) => strapi.db.metadata.get(uid).tableName;
  const T = {
    user: table('plugin::users-permissions.user'),
    post: table('plugin::community.post'),
    reply: table('plugin::community.reply'),
    reaction: table('plugin::community.reaction'),
    member: table('plugin::community.member'),
    alias: table('plugin::community.alias'),
  };
  const roleLink = strapi.db.metadata.get('plugin::users-permissions.user').attributes.role.joinTable;
  const { CATEGORIES } = require(path.join(COMMUNITY_DIST, 'data', 'categories.js'));
  const { ADJECTIVES, ANIMALS } = require(path.join(COMMUNITY_DIST, 'lib', 'aliases.js'));
  const community = (name) => strapi.plugin('community').service(name);

  // 1. Reference rows through the plugin's own services (and users-permissions for an account): the
  //    shape every bulk row is checked against, and the bench user's (alex's) member.
  const clientRole = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'client' } });
  const alex = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'alex@haven.example' } });
  if (!clientRole || !alex) throw new Error('demo seed missing: no client role or no alex@haven.example');
  const refUser = await strapi.plugin('users-permissions').service('user').add({
    username: 'bench-reference',
    email: 'bench-reference@bench.haven.example',
    password: `Bench-${crypto.randomBytes(6).toString('hex')}`,
    provider: 'local',
    confirmed: true,
    blocked: false,
    role: clientRole.id,
  });
  const me = await community('members').ensure(alex.id);
  await community('members').update(me, { joinedAt: new Date(Date.now() - 400 * DAY) });
  const refPost = await community('posts').create(alex.id, { category: 'depression', title: 'Reference post written through the service', body: 'A **reference** body, written through the plugin service.' }, null);
  await community('replies').create(alex.id, refPost.item.id, { body: 'A reference reply.' }, null);
  await community('reactions').toggle(alex.id, { target: 'post', id: refPost.item.id, kind: 'hug' });
  const reference = {};
  for (const [name, t] of Object.entries(T)) reference[name] = await knex(t).orderBy('id', 'desc').first();
  reference.roleLink = await knex(roleLink.name).orderBy('id', 'desc').first();
  // The link table's columns: user, role and the user's position among the role's users (as Strapi writes them).
  const linkUser = roleLink.joinColumn.name;
  const linkRole = roleLink.inverseJoinColumn.name;
  const linkOrder = Object.keys(reference.roleLink).find((c) => ![linkUser, linkRole, 'id'].includes(c));
  const existingClients = Number((await knex(roleLink.name).where(linkRole, clientRole.id).count({ n: '*' }))[0].n);

  const now = Date.now() - 60_000; // everything generated is at least a minute old
  const yearAgo = now - 365 * DAY;
  let progressTotal = MEMBERS * 4 + POSTS + REPLIES + REACTIONS; // accounts, links, members, aliases (some members have two)
  const progress = progressReporter(progressTotal);

  // 2. Site accounts (users-permissions) with their role link, then members and their aliases.
  const passwordHash = (await knex(T.user).where('id', refUser.id).first()).password;
  const joined = Array.from({ length: MEMBERS }, () => now - 400 * DAY + rand() * 30 * DAY);
  const userRows = joined.map((at, i) => {
    const n = String(i + 1).padStart(6, '0');
    const when = new Date(at - 60_000);
    return {
      document_id: documentId(),
      username: `bench-member-${n}`,
      email: `bench-member-${n}@bench.haven.example`,
      provider: 'local',
      password: passwordHash,
      reset_password_token: null,
      confirmation_token: null,
      confirmed: true,
      blocked: false,
      created_at: when,
      updated_at: when,
      published_at: when,
      created_by_id: null,
      updated_by_id: null,
      locale: null,
    };
  });
  await bulkInsert(knex, T.user, userRows, progress, { phase: 'accounts' });
  const userIds = (await knex(T.user).select('id').where('email', 'like', 'bench-member-%@bench.haven.example').orderBy('id')).map((r) => r.id);
  await bulkInsert(
    knex,
    roleLink.name,
    userIds.map((id, i) => ({ [linkUser]: id, [linkRole]: clientRole.id, ...(linkOrder ? { [linkOrder]: existingClients + i + 1 } : {}) })),
    progress,
    { phase: 'accounts' },
  );

  const used = new Set((await knex(T.alias).select('alias')).map((r) => r.alias));
  const freshAlias = () => {
    for (;;) {
      const alias = `${pick(ADJECTIVES)} ${pick(ANIMALS)} ${10 + randInt(90 + (used.size > 150_000 ? 900 : 0))}`;
      if (!used.has(alias)) {
        used.add(alias);
        return alias;
      }
    }
  };
  const memberAliases = userIds.map(() => freshAlias());
  const changed = userIds.map(() => chance(0.05));
  await bulkInsert(
    knex,
    T.member,
    userIds.map((userId, i) => {
      const when = new Date(joined[i]);
      const changedAt = changed[i] ? new Date(joined[i] + (10 + rand() * 300) * DAY) : null;
      return {
        document_id: documentId(),
        user_id: userId,
        alias: memberAliases[i],
        alias_changed_at: changedAt,
        joined_at: when,
        state: 'active',
        state_until: null,
        state_reason: null,
        warnings: 0,
        created_at: when,
        updated_at: changedAt ?? when,
        published_at: when,
        created_by_id: null,
        updated_by_id: null,
        locale: null,
      };
    }),
    progress,
    { phase: 'members' },
  );
  const memberIdByUser = new Map((await knex(T.member).select('id', 'user_id').whereIn('user_id', userIds)).map((r) => [r.user_id, r.id]));
  const memberIds = userIds.map((id) => memberIdByUser.get(id));
  const aliasRows = [];
  userIds.forEach((_, i) => {
    // Members who changed alias keep their old one in the alias table (it is never issued again).
    const rows = changed[i] ? [freshAlias(), memberAliases[i]] : [memberAliases[i]];
    rows.forEach((alias, k) => {
      const when = new Date(k === 0 ? joined[i] : joined[i] + 10 * DAY);
      aliasRows.push({ document_id: documentId(), alias, member_id: memberIds[i], created_at: when, updated_at: when, published_at: when, created_by_id: null, updated_by_id: null, locale: null });
    });
  });
  progressTotal += aliasRows.length - MEMBERS;
  progress.total = progressTotal;
  await bulkInsert(knex, T.alias, aliasRows, progress, { phase: 'members' });

  // Authors: the bench user (alex) and the generated members, with a long tail of occasional writers.
  const authors = [me.id, ...memberIds];
  const authorWeights = authors.map((_, i) => 1 / Math.pow(i + 1, 0.8));
  for (let i = authorWeights.length - 1; i > 1; i--) {
    const j = 1 + randInt(i);
    [authorWeights[i], authorWeights[j]] = [authorWeights[j], authorWeights[i]];
  }
  authorWeights[0] = 1 / Math.pow(50, 0.8); // alex: a regular, not the most prolific
  const drawAuthor = sampler(authorWeights);

  // 3. Posts in memory (typed arrays), in time order: the busiest categories get the most posts.
  const CATEGORY_WEIGHT = { 'anxiety-support': 0.26, depression: 0.22, 'addiction-recovery': 0.1, 'grief-and-loss': 0.08, relationships: 0.14, 'wins-and-gratitude': 0.07, general: 0.13 };
  const drawCategory = sampler(CATEGORIES.map((c) => CATEGORY_WEIGHT[c.slug] ?? 0.1));
  const postTime = new Float64Array(POSTS);
  for (let i = 0; i < POSTS; i++) postTime[i] = yearAgo + 365 * DAY * Math.pow(rand(), 0.8); // busier lately
  postTime.sort();
  const postCategory = new Uint8Array(POSTS);
  const postAuthor = new Int32Array(POSTS);
  const postState = new Uint8Array(POSTS);
  const postDoc = new Array(POSTS);
  for (let i = 0; i < POSTS; i++) {
    postCategory[i] = drawCategory();
    postAuthor[i] = authors[drawAuthor()];
    postDoc[i] = documentId();
    const age = now - postTime[i];
    const r = rand();
    // The moderation queue is worked through: only recent posts still wait (held).
    postState[i] = age < 7 * DAY && r < 0.02 ? STATE_CODE.held : r < 0.96 ? STATE_CODE.visible : r < 0.968 ? STATE_CODE.hidden : r < 0.972 ? STATE_CODE.removed : STATE_CODE.deleted;
  }
  // The bench user has two posts waiting for review in the busiest category: their listing shows them.
  const busiest = CATEGORIES.reduce((best, c, i) => ((CATEGORY_WEIGHT[c.slug] ?? 0) > (CATEGORY_WEIGHT[CATEGORIES[best].slug] ?? 0) ? i : best), 0);
  for (const i of [POSTS - 3, POSTS - 40]) {
    postCategory[i] = busiest;
    postAuthor[i] = me.id;
    postState[i] = STATE_CODE.held;
  }

  // 4. Replies: which post (heavy-tailed: most threads are short, a few run to thousands), when, by whom.
  const replyWeight = new Float64Array(POSTS);
  // Lomax weights (mean 2) capped at 400: the longest threads get about 400 / (2 × posts) of all replies
  // each (some 1,000 replies at the default size) instead of one draw taking a tenth of everything.
  for (let i = 0; i < POSTS; i++) replyWeight[i] = postState[i] === STATE_CODE.held ? 0 : Math.min(400, lomax(1.5));
  const drawPost = sampler(replyWeight);
  const replyPost = new Int32Array(REPLIES);
  const replyTime = new Float64Array(REPLIES);
  for (let k = 0; k < REPLIES; k++) {
    const p = drawPost();
    const start = postTime[p];
    const r = rand();
    let t = start + (r < 0.6 ? -Math.log(1 - rand()) * 3 * HOUR : r < 0.9 ? -Math.log(1 - rand()) * 2 * DAY : rand() * 60 * DAY);
    if (t >= now) t = start + rand() * (now - start);
    replyPost[k] = p;
    replyTime[k] = t;
  }
  const replyOrder = new Int32Array(REPLIES);
  for (let k = 0; k < REPLIES; k++) replyOrder[k] = k;
  replyOrder.sort((a, b) => replyTime[a] - replyTime[b]); // ids follow time, as they would have
  const replyState = new Uint8Array(REPLIES);
  const replyAuthor = new Int32Array(REPLIES);
  const replyCount = new Int32Array(POSTS);
  const lastActivity = Float64Array.from(postTime);
  for (let k = 0; k < REPLIES; k++) {
    const age = now - replyTime[k];
    const r = rand();
    replyState[k] = age < 3 * DAY && r < 0.01 ? STATE_CODE.held : r < 0.975 ? STATE_CODE.visible : r < 0.98 ? STATE_CODE.hidden : r < 0.983 ? STATE_CODE.removed : STATE_CODE.deleted;
    replyAuthor[k] = authors[drawAuthor()];
    const p = replyPost[k];
    if (replyState[k] === STATE_CODE.visible) replyCount[p]++;
    // createReply marks activity when the reply went up visible (hidden/removed/deleted ones did, then changed).
    if (replyState[k] !== STATE_CODE.held && replyTime[k] > lastActivity[p]) lastActivity[p] = replyTime[k];
  }

  // 5. Reactions on visible posts: popular threads collect more; one of each kind per member per post.
  const reactionWeight = new Float64Array(POSTS);
  for (let i = 0; i < POSTS; i++) reactionWeight[i] = postState[i] === STATE_CODE.visible ? 0.3 + lomax(2) + replyCount[i] * 0.2 : 0;
  const drawReactionPost = sampler(reactionWeight);
  const KINDS = ['heart', 'hug', 'strength', 'relate'];
  const drawKind = sampler([0.4, 0.3, 0.2, 0.1]);
  const taken = new Map(); // post -> Set(member*4+kind)
  const reactionPost = new Int32Array(REACTIONS);
  const reactionMember = new Int32Array(REACTIONS);
  const reactionKind = new Uint8Array(REACTIONS);
  const reactionTime = new Float64Array(REACTIONS);
  const counts = new Int32Array(POSTS * 4);
  const capacity = authors.length * 4;
  const lastReaction = new Float64Array(POSTS);
  for (let k = 0; k < REACTIONS; k++) {
    let p;
    let key;
    for (;;) {
      p = drawReactionPost();
      let set = taken.get(p);
      if (!set) taken.set(p, (set = new Set()));
      if (set.size >= capacity / 2) continue;
      const m = drawAuthor();
      const kind = drawKind();
      key = m * 4 + kind;
      if (set.has(key)) continue;
      set.add(key);
      reactionMember[k] = authors[m];
      reactionKind[k] = kind;
      break;
    }
    reactionPost[k] = p;
    const span = Math.min(now - postTime[p], 30 * DAY);
    reactionTime[k] = postTime[p] + rand() * span;
    counts[p * 4 + reactionKind[k]]++;
    if (reactionTime[k] > lastReaction[p]) lastReaction[p] = reactionTime[k];
  }
  taken.clear();
  const reactionOrder = new Int32Array(REACTIONS);
  for (let k = 0; k < REACTIONS; k++) reactionOrder[k] = k;
  reactionOrder.sort((a, b) => reactionTime[a] - reactionTime[b]);

  // 6. Insert posts, replies and reactions.
  const postPool = makePool({ size: 3000, sentences: SENTENCES, paragraphs: 4, perParagraph: 4, lists: true });
  const replyPool = makePool({ size: 3000, sentences: REPLY_SENTENCES, paragraphs: 2, perParagraph: 3, lists: false });
  const titles = [];
  for (const opener of OPENERS) for (const topic of TOPICS) titles.push(`${opener} ${topic}`);
  const heldNote = (at) => JSON.stringify([{ source: 'system', reason: 'watched-word', text: 'Held: matched watched word(s) "buy followers"', createdAt: new Date(at).toISOString() }]);
  const crisisNote = (at) => JSON.stringify([{ source: 'system', reason: 'crisis', text: 'Crisis language: "can\'t go on"', createdAt: new Date(at).toISOString() }]);

  /** The columns an item (post or reply) has in common, for a state, as the plugin leaves them. */
  function itemColumns(state, created, text) {
    const crisis = state === STATE_CODE.visible && chance(0.003);
    const base = {
      body: text.body,
      body_html: text.bodyHtml,
      excerpt: text.excerpt,
      state: STATES[state],
      held_reason: null,
      crisis,
      queued: false,
      queued_at: null,
      system_notes: crisis ? crisisNote(created) : '[]',
      flag_count: 0,
      edited_at: null,
      reviewed_at: null,
    };
    if (crisis) {
      // Crisis posts go to the queue; a moderator reviewed those older than a day.
      if (now - created < DAY) Object.assign(base, { queued: true, queued_at: new Date(created) });
      else base.reviewed_at = new Date(created + rand() * DAY);
    }
    if (state === STATE_CODE.visible && chance(0.04)) base.edited_at = new Date(created + rand() * Math.min(now - created, 2 * DAY));
    if (state === STATE_CODE.held) Object.assign(base, { held_reason: 'watched-word', queued: true, queued_at: new Date(created), system_notes: heldNote(created) });
    if (state === STATE_CODE.hidden) base.reviewed_at = new Date(created + rand() * Math.min(now - created, DAY));
    if (state === STATE_CODE.removed) Object.assign(base, { body: '', body_html: '', excerpt: '', reviewed_at: new Date(created + rand() * Math.min(now - created, DAY)) });
    if (state === STATE_CODE.deleted) Object.assign(base, { body: '', body_html: '', excerpt: '', system_notes: null });
    return base;
  }

  // Each item keeps the alias its author wrote it under (as the plugin stores it).
  const aliasOfMember = new Map((await knex(T.member).select('id', 'alias')).map((r) => [r.id, r.alias]));
  await streamInsert(
    knex,
    T.post,
    POSTS,
    (i) => {
      const created = postTime[i];
      const item = itemColumns(postState[i], created, pick(postPool));
      const [heart, hug, strength, relate] = [0, 1, 2, 3].map((k) => counts[i * 4 + k]);
      const updated = Math.max(created, lastActivity[i], lastReaction[i], item.edited_at?.getTime() ?? 0, item.reviewed_at?.getTime() ?? 0);
      return {
        document_id: postDoc[i],
        category_slug: CATEGORIES[postCategory[i]].slug,
        title: postState[i] === STATE_CODE.deleted ? '[deleted]' : pick(titles),
        author_id: postAuthor[i],
        author_alias: aliasOfMember.get(postAuthor[i]) ?? null,
        ...item,
        heart,
        hug,
        strength,
        relate,
        reaction_total: heart + hug + strength + relate,
        reply_count: replyCount[i],
        last_activity_at: new Date(lastActivity[i]),
        created_at: new Date(created),
        updated_at: new Date(updated),
        published_at: new Date(created),
        created_by_id: null,
        updated_by_id: null,
        locale: null,
      };
    },
    progress,
  );
  await streamInsert(
    knex,
    T.reply,
    REPLIES,
    (n) => {
      const k = replyOrder[n];
      const created = replyTime[k];
      const item = itemColumns(replyState[k], created, pick(replyPool));
      return {
        document_id: documentId(),
        post_id: postDoc[replyPost[k]],
        author_id: replyAuthor[k],
        author_alias: aliasOfMember.get(replyAuthor[k]) ?? null,
        ...item,
        heart: 0,
        hug: 0,
        strength: 0,
        relate: 0,
        reaction_total: 0,
        created_at: new Date(created),
        updated_at: new Date(Math.max(created, item.edited_at?.getTime() ?? 0, item.reviewed_at?.getTime() ?? 0)),
        published_at: new Date(created),
        created_by_id: null,
        updated_by_id: null,
        locale: null,
      };
    },
    progress,
  );
  await streamInsert(
    knex,
    T.reaction,
    REACTIONS,
    (n) => {
      const k = reactionOrder[n];
      const when = new Date(reactionTime[k]);
      return {
        document_id: documentId(),
        member_id: reactionMember[k],
        target_type: 'post',
        target_id: postDoc[reactionPost[k]],
        kind: KINDS[reactionKind[k]],
        created_at: when,
        updated_at: when,
        published_at: when,
        created_by_id: null,
        updated_by_id: null,
        locale: null,
      };
    },
    progress,
  );
  await strapi.db.query('plugin::community.watched-word').create({ data: { phrase: 'buy followers', action: 'hold', addedBy: 'bench' } });
  const insertSeconds = (Date.now() - t0) / 1000;

  // 7. PostgreSQL: what autovacuum would do after a bulk load (statistics, visibility map), now.
  const t1 = Date.now();
  if (database === 'postgres') {
    emit('BENCH_PROGRESS', { phase: 'vacuum analyze', done: progress.done, total: progressTotal });
    for (const t of [T.user, roleLink.name, T.member, T.alias, T.post, T.reply, T.reaction]) await knex.raw('VACUUM (ANALYZE) ??', [t]);
  }
  const vacuumSeconds = (Date.now() - t1) / 1000;

  // 8. Checks: every bulk row has the shape (types per column) of the rows the services wrote, and the
  //    counters the plugin maintains agree with the rows they count.
  emit('BENCH_PROGRESS', { phase: 'checking', done: progress.done, total: progressTotal });
  const problems = [];
  const kind = (v) => (v === null || v === undefined ? null : v instanceof Date ? 'date' : typeof v);
  for (const [name, t] of [...Object.entries(T), ['roleLink', roleLink.name]]) {
    const ref = reference[name];
    const bulk = await knex(t).orderBy('id', 'asc').first();
    const sample = name === 'user' || name === 'roleLink' || name === 'member' || name === 'alias' ? await knex(t).orderBy('id', 'desc').first() : bulk;
    for (const row of [bulk, sample]) {
      if (Object.keys(row).join() !== Object.keys(ref).join()) problems.push(`${t}: columns differ from the service-written row`);
      for (const column of Object.keys(ref)) {
        if (kind(ref[column]) && kind(row[column]) && kind(ref[column]) !== kind(row[column])) problems.push(`${t}.${column}: ${kind(row[column])}, the service wrote ${kind(ref[column])}`);
      }
    }
  }
  const mismatched = async (sql) => {
    const result = await knex.raw(sql);
    return Number((result.rows ?? result)[0].n);
  };
  const checks = {
    replyCount: `select count(*) as n from ${T.post} p where p.reply_count <> (select count(*) from ${T.reply} r where r.post_id = p.document_id and r.state = 'visible')`,
    reactions: `select count(*) as n from ${T.post} p where p.reaction_total <> p.heart + p.hug + p.strength + p.relate or p.heart <> (select count(*) from ${T.reaction} x where x.target_type = 'post' and x.target_id = p.document_id and x.kind = 'heart') or p.reaction_total <> (select count(*) from ${T.reaction} x where x.target_type = 'post' and x.target_id = p.document_id)`,
    lastActivity: `select count(*) as n from ${T.post} p where p.last_activity_at < p.created_at or p.last_activity_at < (select max(r.created_at) from ${T.reply} r where r.post_id = p.document_id and r.state = 'visible')`,
    aliases: `select count(*) as n from (select alias from ${T.member} group by alias having count(*) > 1) d`,
  };
  for (const [name, sql] of Object.entries(checks)) {
    const n = await mismatched(sql);
    if (n) problems.push(`${name}: ${n} rows disagree`);
  }
  if (problems.length) throw new Error(`generated data does not match what the plugin writes:\n  ${[...new Set(problems)].join('\n  ')}`);

  // 9. What the bench measures and checks against.
  const categories = {};
  for (const c of CATEGORIES) categories[c.slug] = 0;
  const grouped = await knex(T.post).select('category_slug as slug').count({ n: '*' }).where('state', 'visible').groupBy('category_slug');
  for (const row of grouped) categories[row.slug] = Number(row.n);
  const mine = await knex(T.post).select('category_slug as slug').count({ n: '*' }).where({ state: 'held', author_id: me.id }).groupBy('category_slug');
  const top = await knex(T.post).select('document_id', 'reply_count', 'category_slug').where('state', 'visible').orderBy('reply_count', 'desc').first();
  const rowCounts = {};
  for (const [name, t] of Object.entries(T)) rowCounts[name] = Number((await knex(t).count({ n: '*' }))[0].n);
  const sizes = {};
  if (database === 'postgres') {
    for (const t of [T.post, T.reply, T.reaction]) sizes[t] = Number((await knex.raw('select pg_total_relation_size(?) as n', [t])).rows[0].n);
  }
  return {
    posts: POSTS,
    replies: REPLIES,
    reactions: REACTIONS,
    members: MEMBERS,
    seed: SEED,
    rowCounts,
    sizes,
    visibleByCategory: categories,
    heldForBenchUser: Object.fromEntries(mine.map((r) => [r.slug, Number(r.n)])),
    busiestCategory: CATEGORIES[busiest].slug,
    topPost: { id: top.document_id, replyCount: Number(top.reply_count), category: top.category_slug },
    benchUser: 'alex@haven.example',
    insertSeconds,
    vacuumSeconds,
    seconds: (Date.now() - t0) / 1000,
  };
}

// ------------------------------------------------------------------------------------------------
try {
  const strapi = await app.load();
  strapi.log.level = process.env.BENCH_LOG_LEVEL || 'warn';
  if (mode === 'generate') {
    const result = await generate(strapi);
    if (database === 'sqlite') result.fileBytes = fs.statSync(process.env.DATABASE_FILENAME).size;
    emit('BENCH_GENERATED', result);
    await stop(0);
  } else {
    await strapi.server.mount();
    await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = strapi.server.httpServer.address();
    const info = { url: `http://127.0.0.1:${port}`, database, strapi: require('@strapi/strapi/package.json').version, nodeEnv: process.env.NODE_ENV };
    if (database === 'postgres') {
      const [row] = (await strapi.db.connection.raw('show server_version')).rows;
      info.databaseVersion = `PostgreSQL ${row.server_version.split(' ')[0]}`;
    } else {
      const row = await strapi.db.connection.raw('select sqlite_version() as v');
      info.databaseVersion = `SQLite ${row[0].v} (better-sqlite3 ${require('better-sqlite3/package.json').version})`;
    }
    emit('BENCH_TARGET', info);
  }
} catch (error) {
  console.error('[community-target] failed:', error?.stack ?? error);
  await stop(1);
}
