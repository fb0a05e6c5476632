import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngagementReport, LibraryReport, ModerationReport } from '@haven/shared/engagement';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { staffUser, type Staff } from './community-helpers';

/**
 * The engagement dashboards (GET /dashboards/engagement, /library, /moderation) against activity with
 * known totals, written through the owners' contracts and routes (check-ins, assessments, posts,
 * replies, flags, moderators' decisions, library searches and views); where a contract stamps "now",
 * the row is then moved to a fixed time through the Query Engine, so every figure below is exact.
 */
const RANGE = 'from=2025-03-01&to=2025-03-05';
const MINUTE = 60_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const TODAY = day(Date.now());
const RECENT = `from=${day(Date.now() - 86_400_000)}&to=${TODAY}`;
const ADDRESSES = ['198.51.100.7', '198.51.100.8', '198.51.100.9'];

type Account = Awaited<ReturnType<typeof createUser>>;
// The owners' contracts, as the plugins inside the booted Strapi load them (CommonJS: their package exports `require` only).
const { community }: typeof import('@haven/plugin-community/public') = require('@haven/plugin-community/public');
const { wellness }: typeof import('@haven/plugin-wellness/public') = require('@haven/plugin-wellness/public');

describe('engagement dashboards', () => {
  let haven: Haven;
  let admin: Staff;
  let editor: Staff;
  let moderator: Staff;
  let people: Account[];
  const aliases: string[] = [];
  const visitor = (i: number) => apiClient(haven.url, { 'x-forwarded-for': ADDRESSES[i] });
  const data = async <T>(staff: Staff, path: string): Promise<T> => {
    const res = await staff.api.get(path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data as T;
  };

  async function seedWellness([alice, bob, carol]: Account[]) {
    const entry = { mood: 3, emotions: [], activities: [], reflection: 'A private reflection that no dashboard may show' };
    for (const [who, date] of [[alice, '2025-03-01'], [alice, '2025-03-01'], [alice, '2025-03-03'], [bob, '2025-03-03'], [bob, '2025-03-06'], [carol, '2025-02-28']] as const) {
      await wellness.putEntry(who.id, date, entry);
    }
    const phq = { kind: 'phq9' as const, answers: [1, 1, 1, 1, 1, 1, 1, 1, 0] };
    const gad = { kind: 'gad7' as const, answers: [2, 2, 2, 2, 2, 2, 2] };
    for (const [who, input, at] of [[alice, phq, '2025-03-02T23:59:59.999Z'], [bob, gad, '2025-03-02T00:00:00.000Z'], [carol, phq, '2025-03-05T12:00:00.000Z'], [alice, gad, '2025-03-06T00:00:00.000Z']] as const) {
      await wellness.submitAssessment(who.id, input, null, new Date(at));
    }
  }

  /** Posts and replies moved to fixed times; flags, decisions and the open flag kept today, their waits set exactly. */
  async function seedCommunity([alice, bob, carol]: Account[]) {
    for (const person of [alice, bob, carol]) aliases.push((await community.ensureMember(person.id)).alias);
    const text = { category: 'anxiety-support', title: 'Evenings are the hardest', body: 'Today was hard but I made it through the afternoon with a walk.' };
    const one = (await community.createPost(alice.id, text, 'en')).item.id;
    const two = (await community.createPost(bob.id, { ...text, title: 'Small wins this week' }, 'en')).item.id;
    const three = (await community.createPost(carol.id, { ...text, title: 'Sleep and worry' }, 'en')).item.id;
    const replyOne = (await community.createReply(bob.id, one, { body: 'Walking helps me too, thank you for sharing.' }, 'en')).item.id;
    const replyTwo = (await community.createReply(carol.id, one, { body: 'Sending warmth, the evenings get easier.' }, 'en')).item.id;
    const move = (uid: string, documentId: string, at: string) => haven.strapi.db.query(uid).update({ where: { documentId }, data: { createdAt: new Date(at) } });
    await move('plugin::community.post', one, '2025-03-01T00:00:00.000Z');
    await move('plugin::community.post', two, '2025-03-04T23:59:59.999Z');
    await move('plugin::community.post', three, '2025-03-06T00:00:00.000Z');
    await move('plugin::community.reply', replyOne, '2025-03-04T10:00:00.000Z');
    await move('plugin::community.reply', replyTwo, '2025-03-04T11:00:00.000Z');

    await community.flag(bob.id, { target: 'post', id: one, reason: 'spam' });
    await community.flag(carol.id, { target: 'post', id: one, reason: 'other' });
    await community.flag(alice.id, { target: 'post', id: two, reason: 'spam' });
    await community.flag(alice.id, { target: 'reply', id: replyOne, reason: 'harassment' });
    await community.flag(alice.id, { target: 'reply', id: replyTwo, reason: 'spam' });
    const staff = await haven.strapi.db.query('admin::user').findOne({ where: { id: moderator.id }, populate: ['roles'] });
    for (const [action, target, id] of [['approve', 'post', one], ['hide', 'post', two], ['remove', 'reply', replyOne]] as const) {
      await community.moderate(staff, { action, target, id, reason: 'Reviewed against the community guidelines' });
    }
    // Waits from first flag to decision: 30 minutes (its second flag 10), 120 and 5; the open flag has waited 45.
    const flags = haven.strapi.db.query('plugin::community.flag');
    const decided = async (targetId: string) => (await flags.findMany({ where: { targetId } })) as { id: number; memberId: number; decidedAt: string }[];
    const waits: [string, number[]][] = [[one, [30, 10]], [two, [120]], [replyOne, [5]]];
    for (const [targetId, minutes] of waits) {
      const rows = await decided(targetId);
      expect(rows).toHaveLength(minutes.length);
      const at = new Date(rows[0].decidedAt).getTime();
      for (const [i, row] of rows.entries()) await flags.update({ where: { id: row.id }, data: { createdAt: new Date(at - minutes[i] * MINUTE) } });
    }
    await flags.updateMany({ where: { targetId: replyTwo }, data: { createdAt: new Date(Date.now() - 45 * MINUTE) } });
  }

  async function seedLibrary() {
    const resources = haven.strapi.documents('api::resource.resource');
    await resources.create({ data: { kind: 'article', title: 'Calming anxiety before sleep', slug: 'calming-anxiety-before-sleep', summary: 'Wind down when worry keeps you awake.' }, status: 'published' });
    await resources.create({ data: { kind: 'article', title: 'Panic attacks explained', slug: 'panic-attacks-explained', summary: 'What happens in the body during panic.' }, status: 'published' });
    await resources.create({ data: { kind: 'article', title: 'A draft on grief', slug: 'a-draft-on-grief', summary: 'Not yet published.' } });
    await haven.strapi.plugin('library').service('sync').flush();
    const searches: [number, string][] = [
      [0, 'q=Anxiety'],
      [0, 'q=anxiety%20%20'],
      [1, 'q=%20%20ANXIETY'],
      [0, 'q=Zebra%20grief%20TANGO'],
      [1, 'q=zebra%20grief%20tango'],
      [2, 'q=zebra%20grief%20tango&page=2'],
      [2, 'q=panic'],
      [2, 'q='],
    ];
    for (const [who, query] of searches) expect((await visitor(who).get(`/api/library/search?${query}`)).status, query).toBe(200);
    for (const [who, slug] of [[0, 'calming-anxiety-before-sleep'], [0, 'calming-anxiety-before-sleep'], [1, 'calming-anxiety-before-sleep'], [0, 'panic-attacks-explained']] as const) {
      expect((await visitor(who).post(`/api/library/resources/${slug}/views`)).status).toBe(204);
    }
  }

  beforeAll(async () => {
    haven = await startHaven();
    [admin, editor, moderator] = await Promise.all([staffUser(haven, 'strapi-super-admin'), staffUser(haven, 'strapi-editor'), staffUser(haven, 'haven-moderator')]);
    people = [await createUser(haven, 'client'), await createUser(haven, 'client'), await createUser(haven, 'client')];
    await seedWellness(people);
    await seedCommunity(people);
    await seedLibrary();
  });
  afterAll(async () => haven?.close());

  it('counts check-ins, assessments, posts and replies per day, exactly, and nothing that says who or how they feel', async () => {
    const res = await admin.api.get(`/dashboards/engagement?${RANGE}`);
    expect(res.status).toBe(200);
    const report = res.body.data as EngagementReport;
    expect(Object.keys(report).sort()).toEqual(['countedAt', 'days', 'library', 'moderation', 'range', 'totals']);
    expect(report.range).toEqual({ from: '2025-03-01', to: '2025-03-05', days: 5 });
    expect(report.days.map((d) => [d.day, d.checkIns, d.assessments, d.posts, d.replies])).toEqual([
      ['2025-03-01', 1, 0, 1, 0],
      ['2025-03-02', 0, 2, 0, 0],
      ['2025-03-03', 2, 0, 0, 0],
      ['2025-03-04', 0, 0, 1, 2],
      ['2025-03-05', 0, 1, 0, 0],
    ]);
    expect(report.totals).toEqual({ checkIns: 3, assessments: 3, posts: 2, replies: 2 });
    const text = JSON.stringify(res.body);
    for (const secret of [...aliases, ...people.flatMap((p) => [p.username, p.email]), 'reflection', 'score', 'answers', 'band', ...ADDRESSES]) expect(text).not.toContain(secret);
  });

  it('reports flags, decisions, the time from first flag to decision and the flags still waiting', async () => {
    const report = await data<ModerationReport>(moderator, `/dashboards/moderation?${RECENT}`);
    expect(report.totals).toEqual({ flags: 5, decisions: 3 });
    expect(report.turnaround).toEqual({ decisions: 3, medianMinutes: 30, p90Minutes: 120 });
    expect(report.waiting.flags).toBe(1);
    expect(report.waiting.items).toBe(1);
    expect(report.waiting.oldestMinutes).toBeGreaterThanOrEqual(45);
    expect(report.waiting.oldestMinutes).toBeLessThanOrEqual(46);
    const full = await data<EngagementReport>(admin, `/dashboards/engagement?${RECENT}`);
    expect(full.moderation.turnaround).toEqual(report.turnaround);
    const text = JSON.stringify(report);
    for (const alias of aliases) expect(text).not.toContain(alias);
  });

  it('logs searches once per visitor, query and day (normalised, first pages only) and lists what found nothing', async () => {
    const report = await data<LibraryReport>(editor, `/dashboards/library?from=${TODAY}&to=${TODAY}`);
    expect(report.totals).toEqual({ views: 3, searches: 5, noResults: 2 });
    expect(report.topSearches).toEqual([
      { query: 'anxiety', searches: 2, noResults: 0 },
      { query: 'zebra grief tango', searches: 2, noResults: 2 },
      { query: 'panic', searches: 1, noResults: 0 },
    ]);
    expect(report.noResultSearches).toEqual([{ query: 'zebra grief tango', searches: 2, noResults: 2 }]);
    expect(report.topResources.map((r) => [r.slug, r.title, r.views])).toEqual([
      ['calming-anxiety-before-sleep', 'Calming anxiety before sleep', 2],
      ['panic-attacks-explained', 'Panic attacks explained', 1],
    ]);
    // The log itself: days, queries and counts, no account and no address.
    const rows = await haven.strapi.db.connection('library_search_days').select('*');
    const views = await haven.strapi.db.connection('library_view_days').select('*');
    const stored = JSON.stringify([rows, views]);
    for (const secret of [...ADDRESSES, ...people.flatMap((p) => [String(p.id), p.username])]) expect(stored).not.toMatch(new RegExp(`"${secret}"`));
    for (const column of Object.keys({ ...rows[0], ...views[0] })) expect(column).not.toMatch(/ip|address|user|member|client|session/i);
  });

  it('counts views only of published resources and refuses what is not a slug', async () => {
    expect((await visitor(2).post('/api/library/resources/a-draft-on-grief/views')).status).toBe(404);
    expect((await visitor(2).post('/api/library/resources/no-such-resource/views')).status).toBe(404);
    expect((await visitor(2).post('/api/library/resources/not%20a%20slug/views')).status).toBe(400);
  });

  it('prunes search and view counts older than 400 days', async () => {
    const service = haven.strapi.plugin('library').service('engagement');
    const old = Date.now() - 401 * 86_400_000;
    const kept = Date.now() - 399 * 86_400_000;
    await service.recordSearch('192.0.2.1', 'an old question', 0, 1, old);
    await service.recordSearch('192.0.2.1', 'a recent question', 0, 1, kept);
    await service.prune();
    const queries = (await haven.strapi.db.connection('library_search_days').select('query')).map((r: { query: string }) => r.query);
    expect(queries).toContain('a recent question');
    expect(queries).not.toContain('an old question');
  });

  it('answers a range from the cache for a while and refuses bad ranges', async () => {
    const first = await data<EngagementReport>(admin, `/dashboards/engagement?${RANGE}`);
    expect((await data<EngagementReport>(admin, `/dashboards/engagement?${RANGE}`)).countedAt).toBe(first.countedAt);
    for (const query of ['from=2025-03-05&to=2025-03-01', 'from=2024-01-01&to=2025-06-01', 'from=2025-02-30', 'from=yesterday', 'user=1']) {
      for (const route of ['engagement', 'library', 'moderation']) expect((await admin.api.get(`/dashboards/${route}?${query}`)).status, `${route} ${query}`).toBe(400);
    }
  });

  it('shows each role only its own figures: editors the library, moderators moderation, the Super Admin all', async () => {
    const status = async (staff: Staff, route: string) => (await staff.api.get(`/dashboards/${route}?${RANGE}`)).status;
    expect([await status(editor, 'engagement'), await status(editor, 'usage'), await status(editor, 'moderation'), await status(editor, 'library')]).toEqual([403, 403, 403, 200]);
    expect([await status(moderator, 'engagement'), await status(moderator, 'usage'), await status(moderator, 'library'), await status(moderator, 'moderation')]).toEqual([403, 403, 403, 200]);
    expect([await status(admin, 'engagement'), await status(admin, 'library'), await status(admin, 'moderation')]).toEqual([200, 200, 200]);
    expect((await apiClient(haven.url).get(`/dashboards/engagement?${RANGE}`)).status).toBe(401);
  });
});
