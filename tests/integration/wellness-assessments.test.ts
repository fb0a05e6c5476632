/**
 * PHQ-9 and GAD-7 over HTTP: scores and severity bands at every band boundary, bad input, the
 * item-9 path (crisis lines for the person's locale from config/crisis/, at once), and progress
 * statistics (series, streaks, averages, activity comparison, assessment trend).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { todayIn } from './wellness-helpers';

/** Answers (each 0–3) that add up to `score`; PHQ-9's item 9 stays at `item9`. */
function answersFor(kind: 'phq9' | 'gad7', score: number, item9 = 0): number[] {
  const answers = new Array(kind === 'phq9' ? 9 : 7).fill(0);
  let left = score;
  if (kind === 'phq9') {
    answers[8] = item9;
    left -= item9;
  }
  for (let i = 0; i < answers.length && left > 0; i++) {
    if (kind === 'phq9' && i === 8) continue;
    answers[i] = Math.min(3, left);
    left -= answers[i];
  }
  if (left > 0) answers[8] += left;
  return answers;
}

describe('wellness assessments', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let person: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    haven = await startHaven();
    api = apiClient(haven.url);
    person = await createUser(haven, 'client');
  });
  afterAll(async () => {
    await haven?.close();
  });

  const boundaries: ['phq9' | 'gad7', number, string, string][] = [
    ['phq9', 0, 'minimal', 'Minimal'],
    ['phq9', 4, 'minimal', 'Minimal'],
    ['phq9', 5, 'mild', 'Mild'],
    ['phq9', 9, 'mild', 'Mild'],
    ['phq9', 10, 'moderate', 'Moderate'],
    ['phq9', 14, 'moderate', 'Moderate'],
    ['phq9', 15, 'moderately-severe', 'Moderately severe'],
    ['phq9', 19, 'moderately-severe', 'Moderately severe'],
    ['phq9', 20, 'severe', 'Severe'],
    ['phq9', 27, 'severe', 'Severe'],
    ['gad7', 0, 'minimal', 'Minimal'],
    ['gad7', 4, 'minimal', 'Minimal'],
    ['gad7', 5, 'mild', 'Mild'],
    ['gad7', 9, 'mild', 'Mild'],
    ['gad7', 10, 'moderate', 'Moderate'],
    ['gad7', 14, 'moderate', 'Moderate'],
    ['gad7', 15, 'severe', 'Severe'],
    ['gad7', 21, 'severe', 'Severe'],
  ];

  it.each(boundaries)('%s scored %i is %s', async (kind, score, band, bandLabel) => {
    // Item 9 stays at 0 except where 27 needs it (then the crisis path is taken too).
    const answers = answersFor(kind, score, kind === 'phq9' && score === 27 ? 3 : 0);
    const res = await api.post('/api/wellness/assessments', { kind, answers }, person.jwt);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ kind, score, band, bandLabel, answers, maxScore: kind === 'phq9' ? 27 : 21, date: todayIn('UTC') });
    expect(res.body.meta.crisis === null).toBe(!(kind === 'phq9' && score === 27));
  });

  it.each([
    ['PHQ-9 with 8 answers', { kind: 'phq9', answers: [0, 0, 0, 0, 0, 0, 0, 0] }, 'must hold 9 answers for PHQ-9'],
    ['GAD-7 with 9 answers', { kind: 'gad7', answers: [0, 0, 0, 0, 0, 0, 0, 0, 0] }, 'must hold 7 answers for GAD-7'],
    ['an answer of 4', { kind: 'gad7', answers: [0, 0, 0, 0, 0, 0, 4] }, 'must be an answer from 0 to 3'],
    ['a negative answer', { kind: 'gad7', answers: [0, 0, -1, 0, 0, 0, 0] }, 'must be an answer from 0 to 3'],
    ['a text answer', { kind: 'gad7', answers: [0, 0, '2', 0, 0, 0, 0] }, 'must be a whole number'],
    ['an unknown questionnaire', { kind: 'bdi', answers: [0] }, 'must be "phq9" or "gad7"'],
    ['no answers', { kind: 'phq9' }, 'answers'],
    ['a score sent by the client', { kind: 'gad7', answers: [0, 0, 0, 0, 0, 0, 0], score: 21 }, 'unknown field'],
  ])('refuses %s with a clear 400 and writes nothing', async (_what, body, message) => {
    const before = (await api.get('/api/wellness/assessments', person.jwt)).body.data.length;
    const res = await api.post('/api/wellness/assessments', body, person.jwt);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect((await api.get('/api/wellness/assessments', person.jwt)).body.data.length).toBe(before);
  });

  describe('PHQ-9 item 9', () => {
    it('answers at once with the crisis lines for the locale asked for', async () => {
      const someone = await createUser(haven, 'client');
      const res = await api.post('/api/wellness/assessments?locale=en-GB', { kind: 'phq9', answers: answersFor('phq9', 3, 1) }, someone.jwt);
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ score: 3, band: 'minimal', selfHarmFlag: true });
      const crisis = res.body.meta.crisis;
      expect(crisis).toMatchObject({ matched: 'en-GB', emergency: '999' });
      expect(crisis.lines.map((l: { name: string }) => l.name)).toContain('Samaritans');
      expect(res.body.meta.therapistsNotified).toBe(0);
    });

    it('follows Accept-Language when no locale is given, the same lines the community shows', async () => {
      const someone = await createUser(haven, 'client');
      const res = await fetch(`${haven.url}/api/wellness/assessments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${someone.jwt}`, 'content-type': 'application/json', 'accept-language': 'en-AU,en;q=0.8' },
        body: JSON.stringify({ kind: 'phq9', answers: answersFor('phq9', 12, 2) }),
      });
      const body = await res.json();
      expect(body.meta.crisis).toMatchObject({ matched: 'en-AU', emergency: '000' });
      const community = await api.get('/api/community/crisis-resources?locale=en-AU');
      expect(body.meta.crisis.lines).toEqual(community.body.data.lines);
    });

    it('falls back to the default lines for an unknown locale, and shows none when item 9 is 0', async () => {
      const someone = await createUser(haven, 'client');
      const unknown = await api.post('/api/wellness/assessments?locale=xx-ZZ', { kind: 'phq9', answers: answersFor('phq9', 1, 1) }, someone.jwt);
      expect(unknown.body.meta.crisis).toMatchObject({ matched: 'default' });
      const calm = await api.post('/api/wellness/assessments?locale=en-GB', { kind: 'phq9', answers: answersFor('phq9', 19, 0) }, someone.jwt);
      expect(calm.body.data.selfHarmFlag).toBe(false);
      expect(calm.body.meta.crisis).toBeNull();
      expect((await api.post('/api/wellness/assessments?locale=<script>', { kind: 'phq9', answers: answersFor('phq9', 1, 1) }, someone.jwt)).status).toBe(400);
    });
  });

  describe('lists and deletes', () => {
    it('lists one\'s own assessments by kind, never anyone else\'s, and deletes one\'s own', async () => {
      const other = await createUser(haven, 'client');
      const gad = (await api.get('/api/wellness/assessments?kind=gad7', person.jwt)).body.data;
      expect(gad.length).toBe(8);
      expect(gad.every((a: { kind: string }) => a.kind === 'gad7')).toBe(true);
      expect((await api.get('/api/wellness/assessments', other.jwt)).body.data).toEqual([]);
      expect((await api.del(`/api/wellness/assessments/${gad[0].id}`, other.jwt)).status).toBe(404);
      expect((await api.del(`/api/wellness/assessments/${gad[0].id}`, person.jwt)).status).toBe(204);
      expect((await api.get('/api/wellness/assessments?kind=gad7', person.jwt)).body.data.length).toBe(7);
    });
  });

  describe('stats', () => {
    let tracker: Awaited<ReturnType<typeof createUser>>;
    beforeAll(async () => {
      tracker = await createUser(haven, 'client');
      const days: [string, number, number | null, string[]][] = [
        ['2024-01-01', 2, 2, ['work']],
        ['2024-01-02', 3, 3, ['work', 'walk']],
        ['2024-01-03', 5, 4, ['walk', 'friends']],
        ['2024-01-04', 4, null, ['walk']],
        ['2024-01-08', 1, 1, ['work']],
        ['2024-01-09', 3, 3, []],
      ];
      for (const [date, mood, energy, activities] of days) {
        const res = await api.put(`/api/wellness/entries/${date}`, { mood, energy, activities, sleepHours: 7 }, tracker.jwt);
        expect(res.status).toBe(201);
      }
      await api.post('/api/wellness/assessments', { kind: 'phq9', answers: answersFor('phq9', 11) }, tracker.jwt);
      await api.post('/api/wellness/assessments', { kind: 'gad7', answers: answersFor('gad7', 6) }, tracker.jwt);
    });

    it('gives mood and energy series by day, with empty days as gaps', async () => {
      const res = await api.get('/api/wellness/stats?from=2024-01-01&to=2024-01-10&bucket=day', tracker.jwt);
      expect(res.status).toBe(200);
      const { series, averages, streaks, range, timeZone } = res.body.data;
      expect(timeZone).toBe('UTC');
      expect(range).toMatchObject({ from: '2024-01-01', to: '2024-01-10', bucket: 'day' });
      expect(series).toHaveLength(10);
      expect(series[0]).toEqual({ start: '2024-01-01', entries: 1, mood: 2, energy: 2, sleepHours: 7 });
      expect(series[4]).toEqual({ start: '2024-01-05', entries: 0, mood: null, energy: null, sleepHours: null });
      expect(averages).toEqual({ mood: 3, energy: 2.6, sleepHours: 7, entries: 6, daysInRange: 10 });
      expect(streaks).toEqual({ current: 0, longest: 4, lastEntryDate: '2024-01-09' });
    });

    it('counts streaks over every entry, whatever the range shows', async () => {
      for (const query of ['from=2024-01-01&to=2024-01-03', 'from=2024-01-03&to=2024-01-08', 'from=2023-06-01&to=2024-02-01']) {
        const { streaks } = (await api.get(`/api/wellness/stats?${query}`, tracker.jwt)).body.data;
        expect(streaks, query).toEqual({ current: 0, longest: 4, lastEntryDate: '2024-01-09' });
      }
    });

    it('buckets by week and month', async () => {
      const weeks = (await api.get('/api/wellness/stats?from=2024-01-01&to=2024-01-14&bucket=week', tracker.jwt)).body.data.series;
      expect(weeks.map((w: { start: string; entries: number; mood: number }) => [w.start, w.entries, w.mood])).toEqual([
        ['2024-01-01', 4, 3.5],
        ['2024-01-08', 2, 2],
      ]);
      const months = (await api.get('/api/wellness/stats?from=2023-12-01&to=2024-01-31&bucket=month', tracker.jwt)).body.data.series;
      expect(months.map((m: { start: string; entries: number }) => [m.start, m.entries])).toEqual([
        ['2023-12-01', 0],
        ['2024-01-01', 6],
      ]);
    });

    it('compares mood on days with and without each activity', async () => {
      const { activities } = (await api.get('/api/wellness/stats?from=2024-01-01&to=2024-01-31', tracker.jwt)).body.data;
      expect(activities).toEqual([
        { activity: 'walk', daysWith: 3, moodWith: 4, daysWithout: 3, moodWithout: 2, difference: 2 },
        { activity: 'work', daysWith: 3, moodWith: 2, daysWithout: 3, moodWithout: 4, difference: -2 },
        { activity: 'friends', daysWith: 1, moodWith: 5, daysWithout: 5, moodWithout: 2.6, difference: 2.4 },
      ]);
    });

    it('includes assessment scores over time with their bands', async () => {
      const today = todayIn('UTC');
      const { assessments } = (await api.get(`/api/wellness/stats?from=${today}&to=${today}`, tracker.jwt)).body.data;
      expect(assessments.phq9).toEqual([expect.objectContaining({ date: today, score: 11, band: 'moderate', selfHarmFlag: false })]);
      expect(assessments.gad7).toEqual([expect.objectContaining({ date: today, score: 6, band: 'mild' })]);
    });

    it.each([
      ['from after to', 'from=2024-02-01&to=2024-01-01', 'must be on or before'],
      ['a bad bucket', 'bucket=year', 'must be day, week or month'],
      ['a bad date', 'from=2024-02-30', 'must be a real date'],
      ['a range of more than ten years', 'from=2000-01-01&to=2024-01-01', 'too long'],
      ['an unknown parameter', 'user=1', 'unknown field'],
    ])('refuses %s with a 400', async (_what, query, message) => {
      const res = await api.get(`/api/wellness/stats?${query}`, tracker.jwt);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    });
  });
});
