import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { CLEAN_TEXT, staffUser, type Staff } from './community-helpers';

/**
 * Issue 7, items 2 and 6 through the API: input that used to stall the process is answered at once,
 * and safety screening reads the text as the page shows it, so Markdown, entities, invisible
 * characters and look-alike letters no longer hide crisis language or watched words.
 */
describe('community screening and hostile input', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let writer: Awaited<ReturnType<typeof createUser>>;
  let moderator: Staff;

  beforeAll(async () => {
    // Links allowed from the start here: some disguises hide words in link text.
    haven = await startHaven({
      env: { COMMUNITY_NEW_MEMBER_POSTS_PER_HOUR: '500', COMMUNITY_NEW_MEMBER_REPLIES_PER_HOUR: '500', COMMUNITY_LINKS_MIN_CONTRIBUTIONS: '0', COMMUNITY_LINKS_MIN_DAYS: '0' },
    });
    api = apiClient(haven.url);
    [writer, moderator] = await Promise.all([createUser(haven, 'client'), staffUser(haven, 'haven-moderator')]);
  });
  afterAll(async () => haven?.close());

  const post = (over: Record<string, unknown>) => api.post('/api/community/posts', { category: 'general', title: 'Screening check', body: CLEAN_TEXT, ...over }, writer.jwt);

  /** Runs a request and answers it with how long it took, checking /_health stays quick meanwhile. */
  async function timed<T>(request: () => Promise<T>): Promise<{ result: T; ms: number; healthMs: number }> {
    const started = performance.now();
    const pending = request();
    const healthStarted = performance.now();
    await fetch(`${haven.url}/_health`);
    const healthMs = performance.now() - healthStarted;
    const result = await pending;
    return { result, ms: performance.now() - started, healthMs };
  }

  describe('input that used to stall the process (item 2)', () => {
    const spaces = ' '.repeat(260_000);
    it.each([
      ['260,000 spaces', spaces],
      ['a letter, 260,000 spaces, a letter', `a${spaces}b`],
      ['260,000 newlines and spaces', ' \n'.repeat(130_000)],
      ['"[](" repeated', '[]('.repeat(80_000)],
      ['"<a:" repeated', '<a:'.repeat(80_000)],
      ['lone surrogates', '\ud800'.repeat(1000)],
    ])('answers a post body of %s with a 4xx at once, and writes nothing', async (_label, body) => {
      const before = await haven.strapi.db.query('plugin::community.post').count();
      const { result, ms, healthMs } = await timed(() => post({ body }));
      // 400 naming the field, or 413 when the request is larger than the CMS reads at all.
      expect([400, 413], JSON.stringify(result.body).slice(0, 300)).toContain(result.status);
      expect(result.body.error.message).toMatch(/body (is too long: at most 10,000 characters|must be valid Unicode text)|too large/);
      expect(ms).toBeLessThan(1000);
      expect(healthMs).toBeLessThan(1000);
      expect(await haven.strapi.db.query('plugin::community.post').count()).toBe(before);
    });

    it('answers the same for replies, edits and titles', async () => {
      const created = await post({});
      expect(created.status).toBe(201);
      const id = created.body.data.id;
      for (const request of [
        () => api.post(`/api/community/posts/${id}/replies`, { body: spaces }, writer.jwt),
        () => api.put(`/api/community/posts/${id}`, { body: `x${spaces}x` }, writer.jwt),
        () => post({ title: spaces }),
      ]) {
        const { result, ms } = await timed(request);
        expect(result.status).toBe(400);
        expect(ms).toBeLessThan(1000);
      }
    });

    it('still accepts the largest body allowed, with trailing space, quickly', async () => {
      const { result, ms } = await timed(() => post({ body: `${'word '.repeat(2000).trimEnd()}${' '.repeat(9000)}` }));
      expect(result.status).toBe(201);
      expect(ms).toBeLessThan(3000);
    });
  });

  describe('screening reads what the page shows (item 6)', () => {
    it.each([
      ['emphasis inside a word', 'I want to d**ie**'],
      ['decimal entity', 'I want to &#100;ie'],
      ['hex entity', 'I want to &#x64;ie'],
      ['soft hyphen', 'thinking about sui\u00ADcide'],
      ['zero-width space', 'thinking about sui\u200Bcide'],
      ['bidi marks', 'thinking about sui\u200Ec\u200Fide'],
      ['fullwidth letters', 'thinking about ｓｕｉｃｉｄｅ'],
      ['Cyrillic і', 'I want to kіll myself'],
      ['Greek and Cyrillic look-alikes', 'I want to kill mуѕеlf'],
      ['code span', 'I want to `die`'],
      ['link text', 'I want to [die](https://example.org)'],
      ['line break inside the word', 'I want to d\nie'],
      ['accents and combining marks', 'I want to d\u0336i\u0336e\u0336'],
    ])('marks crisis language hidden by %s, and answers with crisis lines', async (_label, body) => {
      const res = await post({ body });
      expect(res.status).toBe(201);
      // meta.crisis is the crisis lines themselves (the safety path's one answer).
      expect(res.body.meta.crisis.lines.length).toBeGreaterThan(0);
    });

    it('finds crisis language in a reply and in a title with look-alikes', async () => {
      const res = await post({ title: 'I want to dіe' });
      expect(res.body.meta.crisis.lines.length).toBeGreaterThan(0);
      const reply = await api.post(`/api/community/posts/${res.body.data.id}/replies`, { body: 'me too, I want to d*i*e' }, writer.jwt);
      expect(reply.status).toBe(201);
      expect(reply.body.meta.crisis.lines.length).toBeGreaterThan(0);
    });

    it('does not invent crisis language', async () => {
      for (const body of ['I skill myselfie', 'I want to dine out', 'a link to [help](https://example.org/want-to-die) is here', CLEAN_TEXT]) {
        const res = await post({ body });
        expect(res.status).toBe(201);
        expect(res.body.meta.crisis, body).toBeUndefined();
      }
    });

    it('applies watched words to the rendered, folded text: block refuses every disguise, hold holds it', async () => {
      const add = (phrase: string, action: string) => moderator.api.post('/community/watched-words', { phrase, action });
      expect((await add('cheap pills', 'block')).status).toBe(201);
      expect((await add('meet offline', 'hold')).status).toBe(201);
      // The same phrase in disguise is already on the list.
      expect((await add('ｃheap pіlls', 'flag')).status).toBe(409);
      for (const body of ['cheap pills', 'che**ap** pills', 'ch&#101;ap pills', 'cheap pi\u00ADlls', 'ｃｈｅａｐ ｐｉｌｌｓ', 'cheap pіlls', 'c\u200Bheap p\u200Dills']) {
        const res = await post({ body: `Selling ${body} here` });
        expect(res.status, body).toBe(400);
        expect(res.body.error.message).toMatch(/not allowed in the community/);
      }
      const held = await post({ body: 'let us m**ee**t offl&#105;ne' });
      expect(held.status).toBe(201);
      expect(held.body.meta).toMatchObject({ held: true, heldReason: 'watched-word' });
    });
  });
});
