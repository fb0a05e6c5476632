import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, apiClient, randomClientAddress, startHaven, type Haven } from '../helpers/haven';
import type { ConversationList, MessagePage } from './chat-helpers';
import type { UsageDay, UsageReport } from '@haven/shared/usage';
import type { EngagementReport } from '@haven/shared/engagement';
import type { TherapistReport } from '@haven/shared/therapist-dashboard';

const DEMO_PASSWORD = 'DemoPass2026!';
const COMMUNITY = JSON.parse(fs.readFileSync(path.join(ROOT, 'database', 'seed', 'community.json'), 'utf8'));
const CRISIS_TITLE = 'Really struggling tonight';
const SPAM_TITLE = 'This supplement fixed my anxiety in 3 days!!';
const PET_TITLE = 'Is it normal to miss a pet this much?';
const COMMUNITY_UIDS = ['member', 'post', 'reply', 'reaction', 'flag', 'log-entry'].map((name) => `plugin::community.${name}`);
const HISTORY_UIDS = ['plugin::booking.booking', 'plugin::payments.payment', 'plugin::payments.refund', 'plugin::people.activity', 'plugin::chat.message'];
const DAY_MS = 24 * 60 * 60 * 1000;

/** Logs a demo member in (each from an address of its own: log-ins are rate limited per address). */
async function memberJwt(haven: Haven, email: string): Promise<string> {
  const login = await apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier: email, password: DEMO_PASSWORD });
  expect(login.status, `${email}: ${JSON.stringify(login.body)}`).toBe(200);
  return login.body.jwt;
}

describe('demo data', () => {
  let haven: Haven;
  beforeAll(async () => {
    haven = await startHaven({ seedDemo: true });
  });
  afterAll(async () => haven?.close());

  it.each([
    ['alex@haven.example', 'client'],
    ['sam@haven.example', 'client'],
    ['dr.rivera@haven.example', 'therapist'],
    ['dr.chen@haven.example', 'therapist'],
    ['jordan@haven.example', 'therapist'],
  ])('lets %s log in as a %s', async (email, role) => {
    const api = apiClient(haven.url);
    const login = await api.post('/api/auth/local', { identifier: email, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect((await api.get('/api/profiles/me', login.body.jwt)).body.data.role).toBe(role);
  });

  it('lists the two verified demo therapists and not the pending one', async () => {
    const list = await apiClient(haven.url).get('/api/therapists');
    expect(list.body.data.map((t: any) => t.displayName).sort()).toEqual(['Dr. Maria Rivera', 'Dr. Wei Chen']);
  });

  it('leaves exactly one waiting therapist application, with its licence document', async () => {
    const waiting = await haven.strapi.db.query('api::therapist-profile.therapist-profile').count({ where: { verificationStatus: { $in: ['pending', 'more-info'] } } });
    expect(waiting).toBe(1);
    const mine = await apiClient(haven.url).get('/api/applications/mine', await memberJwt(haven, 'jordan@haven.example'));
    expect(mine.body.data).toMatchObject({ status: 'pending', document: { fileName: 'licence.pdf', mime: 'application/pdf' } });
  });

  it('publishes a dozen resources in the ten seeded categories', async () => {
    const api = apiClient(haven.url);
    const categories = await api.get('/api/categories?pagination[pageSize]=100');
    expect(categories.body.data.map((c: any) => c.slug)).toEqual(
      expect.arrayContaining(['anxiety', 'depression', 'stress', 'sleep', 'mindfulness', 'grief', 'relationships', 'addiction-recovery', 'trauma', 'self-care']),
    );
    const resources = await api.get('/api/resources?populate=categories');
    expect(resources.body.meta.pagination.total).toBe(12);
    expect(resources.body.data.every((r: any) => r.categories.length > 0)).toBe(true);
  });

  it('creates the staff accounts with their admin roles', async () => {
    const staff = await haven.strapi.db.query('admin::user').findMany({ populate: ['roles'] });
    const roleOf = (email: string) => staff.find((u: any) => u.email === email)?.roles.map((r: any) => r.code);
    expect(roleOf('admin@haven.example')).toEqual(['strapi-super-admin']);
    expect(roleOf('editor@haven.example')).toEqual(['strapi-editor']);
    expect(roleOf('mod@haven.example')).toEqual(['haven-moderator']);
    const login = await apiClient(haven.url).post('/admin/login', { email: 'mod@haven.example', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.data.token).toEqual(expect.any(String));
  });

  it('gives the library real text, not placeholders', async () => {
    const resources = (await apiClient(haven.url).get('/api/resources?pagination[pageSize]=50')).body.data;
    for (const resource of resources) {
      expect(resource.body, resource.slug).not.toContain('demo content');
      expect(resource.body.split(/\s+/).length, resource.slug).toBeGreaterThan(200);
      // Sections are level-1 Markdown headings: the site shows them as h2, under the page's h1.
      expect(resource.body, resource.slug).toMatch(/^# /m);
    }
  });

  describe('the community', () => {
    let river: string;
    const api = () => apiClient(haven.url);
    const allPosts = async (jwt: string) => (await api().get('/api/community/posts?pageSize=50', jwt)).body;
    const postTitled = async (jwt: string, title: string) => (await allPosts(jwt)).data.find((p: any) => p.title === title);

    beforeAll(async () => {
      river = await memberJwt(haven, 'river@haven.example');
    });

    it('has a dozen members with site accounts (Client) who log in with the demo password', async () => {
      expect(COMMUNITY.members).toHaveLength(12);
      for (const person of COMMUNITY.members.slice(0, 3)) {
        const jwt = await memberJwt(haven, person.email);
        expect((await api().get('/api/profiles/me', jwt)).body.data.role).toBe('client');
      }
      expect(await haven.strapi.db.query('plugin::community.member').count()).toBe(12);
    });

    it('shows posts in every category, written over the past two weeks, without a word about accounts', async () => {
      const list = await allPosts(river);
      // Every post but the spam one that members flagged into hiding.
      expect(list.meta.pagination.total).toBe(COMMUNITY.posts.length - 1);
      expect(list.data.map((p: any) => p.title)).not.toContain(SPAM_TITLE);
      const categories = (await api().get('/api/community/categories', river)).body.data;
      expect(categories).toHaveLength(7);
      for (const category of categories) expect(category.postCount, category.slug).toBeGreaterThan(0);
      const ages = list.data.map((p: any) => (Date.now() - Date.parse(p.createdAt)) / 3_600_000);
      expect(Math.max(...ages)).toBeGreaterThan(24 * 10);
      expect(Math.min(...ages)).toBeLessThan(24);
      // Newest first, and authors are aliases only.
      expect(list.data[0].title).toBe('Three good things from this week');
      const text = JSON.stringify(list);
      expect(text).not.toContain('haven.example');
      expect(new Set(list.data.map((p: any) => p.author.alias)).size).toBeGreaterThan(8);
    });

    it('has replies and reactions, counted as the plugin counts them', async () => {
      const shower = await postTitled(river, 'Showering counts as a win today, right?');
      expect(shower.reactions).toEqual({ heart: 2, hug: 1, strength: 6, relate: 0 });
      expect(shower.replyCount).toBe(3);
      const thread = (await api().get(`/api/community/posts/${shower.id}`, river)).body.data;
      expect(thread.replies).toHaveLength(3);
      expect(thread.replies[1].reactions.heart).toBe(1);
      // River hugged it: their own reactions come back as theirs.
      const panic = await postTitled(river, 'Panic attack on the bus this morning');
      expect(panic.author.isYou).toBe(true);
      expect(thread.myReactions).toEqual(['heart']);
      const expectedReplies = COMMUNITY.posts.reduce((n: number, p: any) => n + (p.replies?.length ?? 0), 0);
      expect(await haven.strapi.db.query('plugin::community.reply').count({ where: { state: 'visible' } })).toBe(expectedReplies - 1);
      // Last activity follows the newest visible reply.
      const nadiaReply = COMMUNITY.posts.find((p: any) => p.title === CRISIS_TITLE).replies.at(-1);
      const crisis = await haven.strapi.db.query('plugin::community.post').findOne({ where: { title: CRISIS_TITLE } });
      expect(Math.abs(Date.parse(crisis.lastActivityAt) - (Date.now() - nadiaReply.hoursAgo * 3_600_000))).toBeLessThan(120_000);
    });

    it('has one post with crisis language, reviewed by the moderator and kept up', async () => {
      const crisisRows = await haven.strapi.db.query('plugin::community.post').findMany({ where: { crisis: true } });
      expect(crisisRows.map((p: any) => p.title)).toEqual([CRISIS_TITLE]);
      expect(crisisRows[0]).toMatchObject({ state: 'visible', queued: false });
      expect(crisisRows[0].systemNotes.map((n: any) => n.reason)).toEqual(['crisis']);
      expect(await haven.strapi.db.query('plugin::community.reply').count({ where: { crisis: true } })).toBe(0);
      const post = await postTitled(river, CRISIS_TITLE);
      expect(post.replyCount).toBe(3);
    });

    it('leaves the moderator two items hidden by flags in the queue, both by the same alias', async () => {
      const login = await apiClient(haven.url).post('/admin/login', { email: 'mod@haven.example', password: DEMO_PASSWORD });
      const moderator = apiClient(haven.url, { authorization: `Bearer ${login.body.data.token}` });
      const queue = (await moderator.get('/community/queue')).body;
      expect(queue.meta.total).toBe(2);
      // Same number of flags and no crisis: the older one first.
      const [second, first] = queue.data;
      expect(first).toMatchObject({ target: 'post', title: SPAM_TITLE, status: 'held', heldReason: 'flags', flagCount: 3, flagReasons: { spam: 2, misinformation: 1 }, crisis: false });
      expect(first.notes).toContain('Telling people to stop therapy and medication.');
      expect(second).toMatchObject({ target: 'reply', title: PET_TITLE, status: 'held', heldReason: 'flags', flagCount: 3, flagReasons: { harassment: 3 }, crisis: false });
      expect(second.alias).toBe(first.alias);
      // Members no longer see them; the pet post counts only its visible replies.
      expect((await api().get(`/api/community/posts/${first.id}`, river)).status).toBe(404);
      const pet = (await api().get(`/api/community/posts/${second.postId}`, river)).body.data;
      expect(pet.replyCount).toBe(2);
      expect(pet.replies.map((r: any) => r.id)).not.toContain(second.id);
      // The crisis review is in the moderation log.
      const log = (await moderator.get('/community/log')).body.data;
      expect(log).toContainEqual(expect.objectContaining({ action: 'approve', target: 'post', moderator: expect.stringMatching(/\S/) }));
    });
  });

  it('changes nothing when it runs again', async () => {
    const { seedDemo } = require('../../cms/dist/src/bootstrap/demo-seed.js');
    const count = () =>
      Promise.all(
        [
          'plugin::users-permissions.user',
          'api::resource.resource',
          'api::category.category',
          'admin::user',
          'api::profile.profile',
          ...COMMUNITY_UIDS,
          ...HISTORY_UIDS,
        ].map((uid) =>
          haven.strapi.db.query(uid).count(),
        ),
      );
    const before = await count();
    expect(await seedDemo(haven.strapi)).toBe(false);
    expect(await count()).toEqual(before);
  });

  it('writes mail to the local outbox folder as .eml files when no SMTP server is set', async () => {
    const outbox = process.env.EMAIL_OUTBOX_DIR!;
    const res = await apiClient(haven.url).post('/api/auth/forgot-password', { email: 'sam@haven.example' });
    expect(res.status).toBe(200);
    // The demo's booked session sent its confirmations there too; only Sam's mail is looked at here.
    const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml') && /^To: sam@haven\.example$/m.test(fs.readFileSync(path.join(outbox, f), 'utf8')));
    expect(files).toHaveLength(1);
    const mail = fs.readFileSync(path.join(outbox, files[0]), 'utf8');
    expect(mail).toMatch(/^To: sam@haven\.example$/m);
    expect(mail).toMatch(/^Subject: Reset your Haven password$/m);
    expect(mail).toContain('reset-password?code=');
  });

  it('never seeds in production', async () => {
    const { shouldSeedDemo } = require('../../cms/dist/src/bootstrap/demo-seed.js');
    const saved = { NODE_ENV: process.env.NODE_ENV, HAVEN_SEED_DEMO: process.env.HAVEN_SEED_DEMO };
    try {
      Object.assign(process.env, { NODE_ENV: 'production', HAVEN_SEED_DEMO: 'true' });
      expect(shouldSeedDemo()).toBe(false);
      Object.assign(process.env, { NODE_ENV: 'development', HAVEN_SEED_DEMO: 'false' });
      expect(shouldSeedDemo()).toBe(false);
      Object.assign(process.env, { NODE_ENV: 'development', HAVEN_SEED_DEMO: 'true' });
      expect(shouldSeedDemo()).toBe(true);
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it('gives the verified demo therapists weekly hours and Alex one upcoming and one past session', async () => {
    const api = apiClient(haven.url);
    const alex = (await api.post('/api/auth/local', { identifier: 'alex@haven.example', password: DEMO_PASSWORD })).body.jwt;
    const upcoming = (await api.get('/api/booking/bookings?scope=upcoming', alex)).body.data;
    const past = (await api.get('/api/booking/bookings?scope=past', alex)).body.data;
    expect(upcoming.map((b: any) => [b.with.displayName, b.status])).toEqual([['Dr. Maria Rivera', 'confirmed']]);
    expect(past.map((b: any) => [b.with.displayName, b.status])).toEqual([['Dr. Wei Chen', 'completed']]);
    const list = (await api.get('/api/therapists')).body.data;
    for (const therapist of list) expect(Date.parse(therapist.nextFreeSlot)).toBeGreaterThan(Date.now());
  });

  it('gives Alex a conversation with Dr. Rivera holding a first exchange of messages', async () => {
    const alex = await memberJwt(haven, 'alex@haven.example');
    const api = apiClient(haven.url);
    const conversations = (await api.get<ConversationList>('/api/chat/conversations', alex)).body.data;
    expect(conversations.map((c) => [c.with.displayName, c.lastMessageId, c.unread])).toEqual([['Dr. Maria Rivera', 3, 1]]);
    const history = (await api.get<MessagePage>(`/api/chat/conversations/${conversations[0].id}/messages`, alex)).body.data;
    expect(history.map((m) => m.sender)).toEqual(['therapist', 'client', 'therapist']);
    expect(history.every((m) => typeof m.body === 'string' && m.body.length > 20)).toBe(true);
  });

  it('shows living dashboards: the last 90 days hold sign-ups, sessions, money and active people, spread over the weeks', async () => {
    const login = await apiClient(haven.url).post('/admin/login', { email: 'admin@haven.example', password: DEMO_PASSWORD });
    const admin = apiClient(haven.url, { authorization: `Bearer ${login.body.data.token}` });
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const res = await admin.get<{ data: UsageReport }>(`/dashboards/usage?from=${day(Date.now() - 89 * DAY_MS)}&to=${day(Date.now())}`);
    expect(res.status).toBe(200);
    const report = res.body.data;
    const daysWith = (key: keyof Omit<UsageDay, 'day'>) => report.days.filter((d) => d[key] > 0).length;
    expect(daysWith('signups')).toBeGreaterThanOrEqual(4);
    expect(daysWith('booked')).toBeGreaterThan(20);
    expect(daysWith('held')).toBeGreaterThan(20);
    expect(daysWith('active')).toBeGreaterThan(60);
    expect(report.totals.cancelled).toBeGreaterThan(0);
    expect(report.totals.noShow).toBeGreaterThan(0);
    expect(report.totals.active).toBeGreaterThan(10);
    expect(report.weeks.filter((w) => w.active > 0).length).toBeGreaterThanOrEqual(12);
    // Money in both demo currencies, a refund, and direct payments still awaiting confirmation.
    expect(report.money.map((m) => m.currency)).toEqual(['EUR', 'USD']);
    for (const money of report.money) expect(money.revenueMinor, money.currency).toBeGreaterThan(0);
    expect(report.money.some((m) => m.refundsMinor > 0)).toBe(true);
    expect(report.outstanding.reduce((n, o) => n + o.count, 0)).toBeGreaterThanOrEqual(3);
  });

  describe('the dashboards over the demo', () => {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const range = (days: number) => `from=${day(Date.now() - (days - 1) * DAY_MS)}&to=${day(Date.now())}`;
    const admin = async () => {
      const login = await apiClient(haven.url).post('/admin/login', { email: 'admin@haven.example', password: DEMO_PASSWORD });
      return apiClient(haven.url, { authorization: `Bearer ${login.body.data.token}` });
    };

    it('shows newcomers of the last month and declined sessions on the usage dashboard', async () => {
      const api = await admin();
      const month = (await api.get<{ data: UsageReport }>(`/dashboards/usage?${range(30)}`)).body.data;
      expect(month.totals.signups).toBeGreaterThanOrEqual(6);
      expect(month.days.filter((d) => d.signups > 0).length).toBeGreaterThanOrEqual(6);
      const quarter = (await api.get<{ data: UsageReport }>(`/dashboards/usage?${range(90)}`)).body.data;
      expect(quarter.totals.declined).toBeGreaterThan(0);
    });

    it('shows the therapists dashboard with real reply times and an application waiting since its sign-up', async () => {
      const res = await (await admin()).get<{ data: TherapistReport }>(`/dashboards/therapists?${range(90)}`);
      expect(res.status).toBe(200);
      const report = res.body.data;
      expect(report.applications).toMatchObject({ count: 1 });
      expect(report.applications.oldestDays).toBeGreaterThanOrEqual(4);
      expect(report.totals.firstReply.replied).toBeGreaterThanOrEqual(3);
      expect(report.totals.firstReply.medianMinutes).toBeGreaterThanOrEqual(20);
      expect(report.totals.firstReply.medianMinutes).toBeLessThanOrEqual(6 * 60);
      expect(report.totals.held).toBeGreaterThan(20);
      // Each client's messages keep the times they were sent, months apart.
      const messagesBefore = (daysAgo: number) => haven.strapi.db.query('plugin::chat.message').count({ where: { createdAt: { $lt: new Date(Date.now() - daysAgo * DAY_MS) } } });
      expect(await messagesBefore(60)).toBeGreaterThan(10);
      expect(await messagesBefore(1)).toBeGreaterThan(40);
    });

    it('shows check-ins, assessments, community activity, flags and a moderation decision with its turnaround', async () => {
      const res = await (await admin()).get<{ data: EngagementReport }>(`/dashboards/engagement?${range(90)}`);
      expect(res.status).toBe(200);
      const { totals, moderation, library } = res.body.data;
      for (const key of ['checkIns', 'assessments', 'posts', 'replies'] as const) expect(totals[key], key).toBeGreaterThan(0);
      expect(moderation.totals.flags).toBeGreaterThanOrEqual(7);
      expect(moderation.totals.decisions).toBeGreaterThanOrEqual(2);
      expect(moderation.turnaround.decisions).toBeGreaterThanOrEqual(1);
      expect(moderation.turnaround.medianMinutes).toBeGreaterThanOrEqual(60);
      expect(moderation.waiting).toMatchObject({ flags: 6, items: 2 });
      expect(moderation.waiting.oldestMinutes).toBeGreaterThanOrEqual(60);
      expect(library.totals.views).toBeGreaterThan(0);
    });
  });
});
