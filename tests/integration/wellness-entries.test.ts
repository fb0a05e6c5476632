/**
 * Wellness daily entries over HTTP against a real Strapi and database: local days by time zone,
 * one entry per day, bad input, privacy between people, reflections encrypted at rest (raw rows),
 * tampering, and the export of one's own data.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CELLS, readCsv, startsFormula } from '../helpers/csv';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { entryTable, rawEntries, setTimeZone, todayIn, waitAwayFromMidnight } from './wellness-helpers';
import { enrolTwoFactor } from '../helpers/two-factor';

describe('wellness entries', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let alex: Awaited<ReturnType<typeof createUser>>;
  let sam: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    haven = await startHaven();
    api = apiClient(haven.url);
    alex = await createUser(haven, 'client');
    sam = await createUser(haven, 'client');
  });
  afterAll(async () => {
    await haven?.close();
  });

  const checkIn = (overrides: Record<string, unknown> = {}) => ({
    mood: 4,
    energy: 3,
    sleepHours: 7.5,
    emotions: ['calm', 'grateful'],
    activities: ['walk', 'Rock  Climbing'],
    reflection: 'Walked by the river with my sister; felt lighter afterwards.',
    ...overrides,
  });

  describe('local days', () => {
    it('takes "today" from the profile time zone: a date that has begun in Kiritimati has not in Pago Pago', async () => {
      const east = await createUser(haven, 'client');
      const west = await createUser(haven, 'client');
      await setTimeZone(haven, east, 'Pacific/Kiritimati'); // UTC+14
      await setTimeZone(haven, west, 'Pacific/Pago_Pago'); // UTC−11
      await waitAwayFromMidnight(['Pacific/Kiritimati', 'Pacific/Pago_Pago']);
      const eastToday = todayIn('Pacific/Kiritimati');
      const westToday = todayIn('Pacific/Pago_Pago');
      expect(eastToday > westToday).toBe(true);

      const created = await api.put(`/api/wellness/entries/${eastToday}`, checkIn(), east.jwt);
      expect(created.status).toBe(201);
      expect(created.body.data).toMatchObject({ date: eastToday, mood: 4 });

      const refused = await api.put(`/api/wellness/entries/${eastToday}`, checkIn(), west.jwt);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain('has not come yet in your time zone (Pacific/Pago_Pago)');
      expect(refused.body.error.message).toContain(`today is ${westToday}`);
      expect(await rawEntries(haven, west.id)).toHaveLength(0);

      const westOk = await api.put(`/api/wellness/entries/${westToday}`, checkIn(), west.jwt);
      expect(westOk.status).toBe(201);
    });

    it('keeps entries on the calendar dates around a DST change, one per day', async () => {
      const person = await createUser(haven, 'client');
      await setTimeZone(haven, person, 'America/New_York');
      for (const date of ['2024-03-09', '2024-03-10', '2024-03-11', '2024-11-02', '2024-11-03', '2024-11-04']) {
        expect((await api.put(`/api/wellness/entries/${date}`, checkIn({ mood: 3 }), person.jwt)).status).toBe(201);
      }
      const march = await api.get('/api/wellness/entries?from=2024-03-09&to=2024-03-11', person.jwt);
      expect(march.body.data.map((e: { date: string }) => e.date)).toEqual(['2024-03-09', '2024-03-10', '2024-03-11']);
      const stats = await api.get('/api/wellness/stats?from=2024-11-01&to=2024-11-05&bucket=day', person.jwt);
      expect(stats.status).toBe(200);
      expect(stats.body.data.series.map((p: { start: string; entries: number }) => [p.start, p.entries])).toEqual([
        ['2024-11-01', 0],
        ['2024-11-02', 1],
        ['2024-11-03', 1],
        ['2024-11-04', 1],
        ['2024-11-05', 0],
      ]);
    });
  });

  describe('writing', () => {
    it('creates with PUT (201), replaces with PUT (200), and keeps one row per day', async () => {
      const date = '2024-05-01';
      const first = await api.put(`/api/wellness/entries/${date}`, checkIn(), alex.jwt);
      expect(first.status).toBe(201);
      expect(first.body.data).toMatchObject({
        date,
        mood: 4,
        energy: 3,
        sleepHours: 7.5,
        emotions: ['calm', 'grateful'],
        activities: ['walk', 'rock climbing'],
        reflection: 'Walked by the river with my sister; felt lighter afterwards.',
      });
      const second = await api.put(`/api/wellness/entries/${date}`, checkIn({ mood: 2, reflection: null, activities: [] }), alex.jwt);
      expect(second.status).toBe(200);
      expect(second.body.data).toMatchObject({ mood: 2, reflection: null, hasReflection: false, activities: [] });
      expect((await rawEntries(haven, alex.id)).filter((row) => row.local_date === date)).toHaveLength(1);
    });

    it('refuses a second entry for a day through POST (409) and writes nothing', async () => {
      const created = await api.post('/api/wellness/entries', { date: '2024-05-02', ...checkIn({ mood: 5 }) }, alex.jwt);
      expect(created.status).toBe(201);
      const again = await api.post('/api/wellness/entries', { date: '2024-05-02', ...checkIn({ mood: 1 }) }, alex.jwt);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('already have an entry for 2024-05-02');
      expect((await api.get('/api/wellness/entries/2024-05-02', alex.jwt)).body.data.mood).toBe(5);
    });

    it('holds one row per day under parallel first writes', async () => {
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => api.put('/api/wellness/entries/2024-05-03', checkIn({ mood: 1 + (i % 5) }), alex.jwt)));
      expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
      expect(results.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
      expect((await rawEntries(haven, alex.id)).filter((row) => row.local_date === '2024-05-03')).toHaveLength(1);
    });

    it.each([
      ['a mood out of range', '2024-05-04', { mood: 6 }, 'mood'],
      ['a mood of 0', '2024-05-04', { mood: 0 }, 'mood'],
      ['a fractional mood', '2024-05-04', { mood: 3.5 }, 'mood'],
      ['energy out of range', '2024-05-04', { energy: 9 }, 'energy'],
      ['negative sleep', '2024-05-04', { sleepHours: -1 }, 'sleepHours'],
      ['too much sleep', '2024-05-04', { sleepHours: 25 }, 'sleepHours'],
      ['an unknown emotion', '2024-05-04', { emotions: ['calm', 'hangry'] }, 'emotions'],
      ['an activity with markup', '2024-05-04', { activities: ['<b>x</b>'] }, 'activities'],
      ['a reflection that is too long', '2024-05-04', { reflection: 'x'.repeat(4001) }, 'reflection'],
      ['an unknown field', '2024-05-04', { mood: 3, colour: 'blue' }, ''],
      ['a date that does not exist', '2023-02-29', {}, 'date'],
      ['a date in another format', '05-04-2024', {}, 'date'],
      ['a date before 2000', '1999-12-31', {}, 'date'],
    ])('refuses %s with a 400 naming the field, writing nothing', async (_what, date, overrides, field) => {
      const before = (await rawEntries(haven, alex.id)).length;
      const res = await api.put(`/api/wellness/entries/${date}`, checkIn(overrides), alex.jwt);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
      if (field) expect(res.body.error.details.errors.some((e: { path: string[] }) => e.path[0] === field)).toBe(true);
      expect((await rawEntries(haven, alex.id)).length).toBe(before);
    });

    it('refuses a future date in the person\'s zone', async () => {
      const tomorrow = DateTime.now().setZone('UTC').plus({ days: 2 }).toISODate();
      const res = await api.put(`/api/wellness/entries/${tomorrow}`, checkIn(), alex.jwt);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/has not come yet/);
    });

    it('needs a signed-in person', async () => {
      expect((await api.put('/api/wellness/entries/2024-05-05', checkIn())).status).toBe(403);
      expect((await api.get('/api/wellness/entries')).status).toBe(403);
    });

    it('remembers activities of one\'s own for next time', async () => {
      const settings = await api.get('/api/wellness/settings', alex.jwt);
      expect(settings.body.data.activities.own).toContain('rock climbing');
      expect(settings.body.data.activities.suggested).toContain('walk');
      expect(settings.body.data.activities.own).not.toContain('walk');
    });
  });

  describe('privacy', () => {
    it('lets nobody else read, list, change or delete an entry', async () => {
      await api.put('/api/wellness/entries/2024-06-01', checkIn({ reflection: 'only mine' }), alex.jwt);
      const read = await api.get('/api/wellness/entries/2024-06-01', sam.jwt);
      expect(read.status).toBe(404);
      const list = await api.get('/api/wellness/entries?from=2024-06-01&to=2024-06-01', sam.jwt);
      expect(list.body.data).toEqual([]);
      const removed = await api.del('/api/wellness/entries/2024-06-01', sam.jwt);
      expect(removed.status).toBe(404);
      // Sam's own PUT on that date is Sam's own entry: Alex's stays as it was.
      await api.put('/api/wellness/entries/2024-06-01', checkIn({ mood: 1, reflection: 'sam writes' }), sam.jwt);
      const mine = await api.get('/api/wellness/entries/2024-06-01', alex.jwt);
      expect(mine.body.data).toMatchObject({ reflection: 'only mine', mood: 4 });
      const samStats = await api.get('/api/wellness/stats?from=2024-06-01&to=2024-06-01', sam.jwt);
      expect(samStats.body.data.averages.mood).toBe(1);
      const samExport = await api.get('/api/wellness/export?format=json', sam.jwt);
      expect(JSON.stringify(samExport.body)).not.toContain('only mine');
    });

    it('a therapist role has no way into a client\'s entries without a share', async () => {
      const therapist = await createUser(haven, 'therapist');
      // With two-step sign-in on, so that what answers is the share rule (tests/integration/two-factor.test.ts has the 403 without it).
      await enrolTwoFactor(haven, therapist);
      expect((await api.get('/api/wellness/entries/2024-06-01', therapist.jwt)).status).toBe(404);
      expect((await api.get('/api/wellness/clients', therapist.jwt)).body.data).toEqual([]);
      expect((await api.get('/api/wellness/clients/abcdefghij/entries', therapist.jwt)).status).toBe(404);
      expect((await api.get('/api/wellness/clients', alex.jwt)).status).toBe(403);
    });

    it('removes everything of an account when the account is deleted', async () => {
      const leaving = await createUser(haven, 'client');
      await api.put('/api/wellness/entries/2024-06-03', checkIn(), leaving.jwt);
      await api.post('/api/wellness/assessments', { kind: 'gad7', answers: [0, 0, 0, 0, 0, 0, 1] }, leaving.jwt);
      await api.put('/api/wellness/settings', { reminderEnabled: true, reminderTime: '08:00' }, leaving.jwt);
      const count = async (uid: string, where: Record<string, unknown>) => haven.strapi.db.query(uid).count({ where });
      expect(await count('plugin::wellness.entry', { userId: leaving.id })).toBe(1);
      expect(await count('plugin::wellness.data-key', { ownerId: leaving.id })).toBe(1);
      await haven.strapi.plugin('users-permissions').service('user').remove({ id: leaving.id });
      for (const [uid, where] of [
        ['plugin::wellness.entry', { userId: leaving.id }],
        ['plugin::wellness.assessment', { userId: leaving.id }],
        ['plugin::wellness.data-key', { ownerId: leaving.id }],
        ['plugin::wellness.setting', { userId: leaving.id }],
      ] as const) {
        expect(await count(uid, where)).toBe(0);
      }
      expect(await count('plugin::wellness.entry', { userId: alex.id })).toBeGreaterThan(0);
    });

    it('deletes one\'s own entry', async () => {
      await api.put('/api/wellness/entries/2024-06-02', checkIn(), alex.jwt);
      expect((await api.del('/api/wellness/entries/2024-06-02', alex.jwt)).status).toBe(204);
      expect((await api.get('/api/wellness/entries/2024-06-02', alex.jwt)).status).toBe(404);
      expect((await api.del('/api/wellness/entries/2024-06-02', alex.jwt)).status).toBe(404);
    });
  });

  describe('encryption at rest', () => {
    const secret = 'I told nobody about the panic on the train this morning';

    it('stores no plaintext reflection: the raw row holds a sealed text and the data key is wrapped', async () => {
      await api.put('/api/wellness/entries/2024-07-01', checkIn({ reflection: secret }), alex.jwt);
      const rows = await rawEntries(haven, alex.id);
      const row = rows.find((r) => r.local_date === '2024-07-01')!;
      expect(row.reflection).toMatch(/^hv1\.[A-Za-z0-9_-]+$/);
      expect(row.reflection).not.toContain('panic');
      const everything = JSON.stringify(rows);
      expect(everything).not.toContain('panic on the train');
      for (const word of ['panic', 'train', 'nobody']) expect(everything).not.toContain(word);

      const keys = await haven.strapi.db.connection('wellness_data_keys').where({ owner_id: alex.id });
      expect(keys).toHaveLength(1);
      expect(keys[0].key_version).toBe(1);
      expect(keys[0].wrapped_key).toMatch(/^[A-Za-z0-9_-]+$/);
      // Reading through the API opens it again.
      expect((await api.get('/api/wellness/entries/2024-07-01', alex.jwt)).body.data.reflection).toBe(secret);
    });

    it('a sealed reflection copied to another day, or another person, does not open', async () => {
      await api.put('/api/wellness/entries/2024-07-02', checkIn({ reflection: 'second day' }), alex.jwt);
      await api.put('/api/wellness/entries/2024-07-02', checkIn({ reflection: 'sam second day' }), sam.jwt);
      const table = entryTable(haven);
      const source = await haven.strapi.db.connection(table).where({ user_id: alex.id, local_date: '2024-07-01' }).first();
      await haven.strapi.db.connection(table).where({ user_id: alex.id, local_date: '2024-07-02' }).update({ reflection: source.reflection });
      await haven.strapi.db.connection(table).where({ user_id: sam.id, local_date: '2024-07-02' }).update({ reflection: source.reflection });

      const moved = await api.get('/api/wellness/entries/2024-07-02', alex.jwt);
      expect(moved.status).toBe(200);
      expect(moved.body.data).toMatchObject({ reflection: null, reflectionUnreadable: true, mood: 4 });
      const stolen = await api.get('/api/wellness/entries/2024-07-02', sam.jwt);
      expect(stolen.body.data).toMatchObject({ reflection: null, reflectionUnreadable: true });
      expect(JSON.stringify(stolen.body)).not.toContain(secret);
    });

    it('detects a changed byte in a stored reflection', async () => {
      const table = entryTable(haven);
      const row = await haven.strapi.db.connection(table).where({ user_id: alex.id, local_date: '2024-07-01' }).first();
      const bytes = Buffer.from(row.reflection.slice(4), 'base64url');
      bytes[bytes.length - 1] ^= 1;
      await haven.strapi.db.connection(table).where({ id: row.id }).update({ reflection: `hv1.${bytes.toString('base64url')}` });
      const res = await api.get('/api/wellness/entries?from=2024-07-01&to=2024-07-01', alex.jwt);
      expect(res.status).toBe(200);
      expect(res.body.data[0]).toMatchObject({ reflection: null, reflectionUnreadable: true });
    });
  });

  describe('export', () => {
    let person: Awaited<ReturnType<typeof createUser>>;
    beforeAll(async () => {
      person = await createUser(haven, 'client');
      await api.put('/api/wellness/entries/2024-08-01', checkIn({ reflection: 'Line one, with "quotes"\nline two' }), person.jwt);
      await api.put('/api/wellness/entries/2024-08-02', checkIn({ mood: 2, emotions: [], activities: [], reflection: '=HYPERLINK("http://evil.example","x")', sleepHours: null, energy: null }), person.jwt);
      await api.post('/api/wellness/assessments', { kind: 'gad7', answers: [1, 1, 1, 1, 1, 0, 0] }, person.jwt);
    });

    it('exports everything as JSON: entries with reflections, assessments, settings, sharing', async () => {
      const res = await api.get('/api/wellness/export?format=json', person.jwt);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="haven-wellness-\d{4}-\d{2}-\d{2}\.json"$/);
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(res.body.timeZone).toBe('UTC');
      expect(res.body.entries).toEqual([
        expect.objectContaining({ date: '2024-08-01', mood: 4, reflection: 'Line one, with "quotes"\nline two', activities: ['walk', 'rock climbing'] }),
        expect.objectContaining({ date: '2024-08-02', mood: 2, reflection: '=HYPERLINK("http://evil.example","x")', energy: null, sleepHours: null }),
      ]);
      expect(res.body.assessments).toEqual([expect.objectContaining({ kind: 'gad7', score: 5, band: 'mild', answers: [1, 1, 1, 1, 1, 0, 0] })]);
      expect(res.body.settings.activities.own).toEqual(['rock climbing']);
      expect(res.body.sharing).toEqual({ shares: [], history: [] });
    });

    it('exports entries as CSV, every cell quoted and formulas defused wherever a cell could start', async () => {
      const res = await api.get('/api/wellness/export?format=csv', person.jwt);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toMatch(/filename="haven-wellness-entries-\d{4}-\d{2}-\d{2}\.csv"/);
      const text: string = res.body.replace(/^\uFEFF/, '');
      const lines = text.split('\r\n');
      expect(lines[0]).toBe('"date","mood","energy","sleep_hours","emotions","activities","reflection"');
      // The reflection's own line break stays inside its quoted cell.
      expect(lines[1]).toBe('"2024-08-01","4","3","7.5","calm; grateful","walk; rock climbing","Line one, with ""quotes""\nline two"');
      expect(lines[2]).toBe(`"2024-08-02","2","","","","","'=HYPERLINK(""http://evil.example"",""x"")"`);
    });

    it('defuses formulas wherever a spreadsheet could start a cell, whatever separator it is set to', async () => {
      const writer = await createUser(haven, 'client');
      // Formula injection past the first character: a spreadsheet set to `;`, tab or `|` starts a cell mid-text.
      for (const [index, reflection] of HOSTILE_CELLS.entries()) {
        const res = await api.put(`/api/wellness/entries/2024-09-${String(index + 1).padStart(2, '0')}`, checkIn({ reflection, emotions: [], activities: [] }), writer.jwt);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      const res = await api.get('/api/wellness/export?format=csv', writer.jwt);
      const text: string = res.body.replace(/^\uFEFF/, '');
      expect(text.split('\r\n')[1]).toBe(`"2024-09-01","4","3","7.5","","","x;'=1+1"`);
      // Read as a spreadsheet set to each separator would (quotes honoured): no cell starts a formula.
      for (const separator of [',', ';', '\t', '|']) {
        const formulas = readCsv(text, separator).flat().filter(startsFormula);
        expect(formulas, `separator ${JSON.stringify(separator)}`).toEqual([]);
      }
      // With the file's own separator every reflection reads back as it was stored, apostrophes aside.
      const stored = (await api.get('/api/wellness/export?format=json', writer.jwt)).body.entries.map((entry: { reflection: string }) => entry.reflection);
      expect(stored).toHaveLength(HOSTILE_CELLS.length);
      const exported = readCsv(text, ',').slice(1, 1 + HOSTILE_CELLS.length).map((row) => row[6].replaceAll("'", ''));
      expect(exported).toEqual(stored.map((reflection: string) => reflection.replaceAll("'", '')));
    });

    it('exports assessments as CSV', async () => {
      const res = await api.get('/api/wellness/export?format=csv&dataset=assessments', person.jwt);
      const lines: string[] = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('"date","taken_at","questionnaire","score","severity","item_9_above_0","answers"');
      expect(lines[1]).toMatch(/^"\d{4}-\d{2}-\d{2}","\d{4}-\d{2}-\d{2}T[\d:.]+Z","GAD-7","5","Mild","no","1 1 1 1 1 0 0"$/);
      expect(lines).toHaveLength(2);
    });

    it('refuses unknown formats, and exports only one\'s own data', async () => {
      expect((await api.get('/api/wellness/export?format=xml', person.jwt)).status).toBe(400);
      const other = await api.get('/api/wellness/export?format=csv', sam.jwt);
      expect(other.body).not.toContain('Line one');
    });
  });
});
