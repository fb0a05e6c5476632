import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import type { CrisisResources } from '@haven/shared/safety';
import { epochMs } from '@haven/shared/server/db';
import { apiClient, createUser, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { startSecondCms, type SecondCms } from '../helpers/second-cms';

/**
 * The safety plugin itself (issue 19): the public crisis lines, its health, the therapist notices held
 * through quiet hours and sent once by whichever of two CMS processes claims them, the clinic's "no
 * mails" setting, and the profile's free text screened like every other place.
 *
 * Quiet hours are set to the three UTC hours around now, so a therapist in UTC is inside them and one
 * in UTC+12 is not; the deferred-notice worker looks every 200 ms instead of every minute.
 */
const UID = 'plugin::safety.deferred-notice';
const pad = (n: number) => String(((n % 24) + 24) % 24).padStart(2, '0');
const hour = new Date().getUTCHours();
const QUIET = `${pad(hour - 1)}:00-${pad(hour + 2)}:00`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface NoticeRow {
  id: number;
  email: string | null;
  subject: string | null;
  text: string | null;
  dueAt: string | Date;
  state: string;
  sentAt: string | Date | null;
  attempts: number;
}

describe('safety: crisis lines, escalation, profile free text', () => {
  let haven: Haven;
  let api: ApiClient;
  let mailbox: Mailbox;
  let other: SecondCms | undefined;
  let safety: typeof import('@haven/plugin-safety/public').safety;
  const rows = () => haven.strapi.db.query(UID);
  const mailsTo = (address: string) => mailbox.messages.filter((m: ParsedMail) => m.to && !Array.isArray(m.to) && m.to.value.some((v) => v.address === address));

  beforeAll(async () => {
    mailbox = await startMailbox();
    haven = await startHaven({ env: { ...smtpEnv(mailbox), SAFETY_QUIET_HOURS: QUIET, SAFETY_WORKER_INTERVAL_MS: '200', SAFETY_MAIL_THERAPISTS: 'true' } });
    api = apiClient(haven.url);
    // Required as Strapi requires plugins (CommonJS); it reaches the plugin through the global Strapi of this process.
    safety = createRequire(__filename)('@haven/plugin-safety/public').safety;
  });
  afterAll(async () => {
    await other?.stop();
    await haven?.close();
    await mailbox?.close();
  });

  describe('GET /api/safety/lines (public: anyone may need them)', () => {
    it('answers signed out with the clinic default when no language is known', async () => {
      const res = await api.get<{ data: CrisisResources }>('/api/safety/lines');
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ matched: 'default', locale: null });
      expect(res.body.data.lines.length).toBeGreaterThan(0);
      expect(res.body.data.more.url).toMatch(/^https:\/\//);
    });

    it('picks the entry of ?locale= (en-GB, fr, es), then of Accept-Language, and answers signed-in people too', async () => {
      const cases: [string, string, string][] = [
        ['en-GB', 'en-GB', 'Samaritans'],
        ['fr', 'fr', '3114'],
        ['es', 'es', '024'],
        ['fr-BE', 'fr', '3114'],
      ];
      for (const [locale, matched, line] of cases) {
        const res = await api.get<{ data: CrisisResources }>(`/api/safety/lines?locale=${locale}`);
        expect(res.status, locale).toBe(200);
        expect(res.body.data.matched, locale).toBe(matched);
        expect(res.body.data.lines.map((l) => l.name).join(' '), locale).toContain(line);
      }
      const byHeader = await apiClient(haven.url, { 'accept-language': 'de-AT,de;q=0.8' }).get<{ data: CrisisResources }>('/api/safety/lines');
      expect(byHeader.body.data.matched).toBe('de-AT');
      const client = await createUser(haven, 'client');
      const signedIn = await api.get<{ data: CrisisResources }>('/api/safety/lines?locale=en-GB', client.jwt);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.data.matched).toBe('en-GB');
    });

    it('refuses a bad locale or an unknown parameter with 400 and a sentence, not the default lines', async () => {
      for (const query of ['locale=%3Cscript%3E', 'locale=' + 'a'.repeat(200), 'locale=12', 'locale=en&locale=fr', 'country=GB']) {
        const res = await api.get(`/api/safety/lines?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.body.data, query).toBeNull();
        expect(res.body.error.message, query).toMatch(/language tag such as "en-GB"|unrecognized|Unrecognized|country/i);
      }
    });
  });

  it('GET /api/safety/health says how the clinic escalates, nothing secret', async () => {
    const res = await api.get('/api/safety/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ plugin: 'safety', status: 'ok', mailTherapists: true, quietHours: { start: QUIET.slice(0, 5), end: QUIET.slice(6) } });
    expect(res.body.phraseLocales).toContain('en');
    expect(res.body.lineLocales).toEqual(expect.arrayContaining(['en-GB', 'fr', 'es']));
  });

  it('holds a notice through the therapist’s quiet hours, mails one outside them at once, and refuses a notice that could hold someone’s words', async () => {
    const notice = { subject: 'A client you work with may need a follow-up', text: 'Someone you work with wrote something that worried us. Open Haven to see your messages: http://localhost:4321/messages' };
    const night = 'night.therapist@test.haven.example';
    const awake = 'awake.therapist@test.haven.example';
    expect(await safety.notifyTherapists([{ email: night, timeZone: 'UTC' }, { email: awake, timeZone: 'Etc/GMT-12' }], notice)).toEqual(['deferred', 'sent']);

    const mail = await mailbox.waitFor((m) => mailsTo(awake).includes(m));
    expect(mail.subject).toBe(notice.subject);
    expect(mail.text).toContain('Open Haven to see your messages');
    // Several worker passes later, the quiet-hours notice is still waiting, with its end as due time.
    await sleep(1000);
    expect(mailsTo(night)).toHaveLength(0);
    const held = (await rows().findMany({ where: { email: night } })) as NoticeRow[];
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ state: 'waiting', subject: notice.subject, attempts: 0, sentAt: null });
    const due = new Date(epochMs(held[0].dueAt));
    expect(due.getUTCHours()).toBe((hour + 2) % 24);
    expect(due.getUTCMinutes()).toBe(0);
    expect(due.getTime()).toBeGreaterThan(Date.now());
    // The notice mailed at once left nothing in the table.
    expect(await rows().count({ where: { email: awake } })).toBe(0);

    await expect(safety.notifyTherapists([{ email: night, timeZone: 'UTC' }], { subject: notice.subject, text: 'x'.repeat(5000) })).rejects.toThrow(/never the person's words/);
    expect(await rows().count({ where: { email: night } })).toBe(1);
  });

  it('two CMS processes on one database send each due notice exactly once, then erase its address and text', async () => {
    const notice = { subject: 'A client you work with may need a follow-up', text: 'Open Haven to see who: http://localhost:4321/home' };
    const addresses = [1, 2, 3, 4].map((n) => `quiet${n}.therapist@test.haven.example`);
    expect(await safety.notifyTherapists(addresses.map((email) => ({ email, timeZone: 'UTC' })), notice)).toEqual(['deferred', 'deferred', 'deferred', 'deferred']);
    // The other process starts once the rows exist (on SQLite a set-up write meeting its start-up writes is refused: about the set-up, not the claim).
    other = await startSecondCms();
    await sleep(600);
    expect(addresses.flatMap(mailsTo)).toHaveLength(0);

    // The quiet hours end: move the due times into the past (the clock cannot be turned forward).
    const { count } = await rows().updateMany({ where: { email: { $in: addresses } }, data: { dueAt: new Date(Date.now() - 1000) } });
    expect(count).toBe(4);
    const deadline = Date.now() + 20_000;
    while (addresses.flatMap(mailsTo).length < 4 && Date.now() < deadline) await sleep(100);
    // Give both processes several more passes to make any duplicate.
    await sleep(1500);
    for (const address of addresses) {
      expect(mailsTo(address), address).toHaveLength(1);
      expect(mailsTo(address)[0].subject).toBe(notice.subject);
    }

    const sent = (await rows().findMany({ where: { state: 'sent' } })) as NoticeRow[];
    expect(sent).toHaveLength(4);
    for (const row of sent) {
      expect(row).toMatchObject({ email: null, subject: null, text: null, attempts: 1 });
      expect(row.sentAt).not.toBeNull();
    }
    // The first test's notice is still in its quiet hours, untouched by either process.
    expect(await rows().count({ where: { state: 'waiting' } })).toBe(1);
  });

  it('with SAFETY_MAIL_THERAPISTS=false nothing is mailed or kept, at any hour', async () => {
    haven.strapi.config.set('plugin::safety.mailTherapists', false);
    try {
      const before = await rows().count();
      const quiet = 'off.quiet@test.haven.example';
      const awake = 'off.awake@test.haven.example';
      expect(await safety.notifyTherapists([{ email: quiet, timeZone: 'UTC' }, { email: awake, timeZone: 'Etc/GMT-12' }], { subject: 'A client may need a follow-up', text: 'Open Haven.' })).toEqual(['off', 'off']);
      expect((await api.get('/api/safety/health')).body.mailTherapists).toBe(false);
      await sleep(800);
      expect([...mailsTo(quiet), ...mailsTo(awake)]).toHaveLength(0);
      expect(await rows().count()).toBe(before);
    } finally {
      haven.strapi.config.set('plugin::safety.mailTherapists', true);
    }
  });

  describe('profile and sign-up free text (PUT /api/profiles/me, POST /api/auth/local/register)', () => {
    it('saves a name or pronouns with crisis language and answers with the visitor’s crisis lines, never blocking', async () => {
      const client = await createUser(haven, 'client');
      const british = apiClient(haven.url, { 'accept-language': 'en-GB,en;q=0.9' });
      const named = await british.put<{ data: { displayName: string }; meta?: { crisis: CrisisResources } }>('/api/profiles/me', { displayName: 'i want to die' }, client.jwt);
      expect(named.status).toBe(200);
      expect(named.body.data.displayName).toBe('i want to die');
      expect(named.body.meta?.crisis).toMatchObject({ matched: 'en-GB', country: 'United Kingdom' });
      expect((await api.get('/api/profiles/me', client.jwt)).body.data.displayName).toBe('i want to die');

      const pronouns = await api.put<{ meta?: { crisis: CrisisResources } }>('/api/profiles/me', { displayName: 'Robin', pronouns: 'SUICIDAL' }, client.jwt);
      expect(pronouns.status).toBe(200);
      expect(pronouns.body.meta?.crisis).toMatchObject({ matched: 'default' });
    });

    it('answers an ordinary change without meta, and bad input still with 400 and nothing screened or written', async () => {
      const client = await createUser(haven, 'client');
      const plain = await api.put('/api/profiles/me', { displayName: 'Sam the baker', pronouns: 'they/them', timeZone: 'Europe/Lisbon' }, client.jwt);
      expect(plain.status).toBe(200);
      expect(plain.body.meta).toBeUndefined();
      const bad = await api.put('/api/profiles/me', { displayName: 'kill myself', unknown: 1 }, client.jwt);
      expect(bad.status).toBe(400);
      expect(bad.body.meta).toBeUndefined();
      expect((await api.get('/api/profiles/me', client.jwt)).body.data.displayName).toBe('Sam the baker');
      // Signed out: the role has no such permission (403), nothing screened.
      expect([401, 403]).toContain((await api.put('/api/profiles/me', { displayName: 'kill myself' })).status);
    });

    it('sign-up screens its name and pronouns the same way: the account is made, the answer carries the lines; an ordinary one has no meta', async () => {
      const stamp = Date.now().toString(36);
      const account = (n: string, extra: Record<string, string>) => ({ username: `care-${n}-${stamp}`, email: `care-${n}-${stamp}@example.test`, password: 'Quiet-River-2026!', acceptTerms: true, accountType: 'client', timeZone: 'Europe/London', ...extra });
      const spanish = apiClient(haven.url, { 'accept-language': 'es-ES,es;q=0.9' });
      const worried = await spanish.post<{ accountType: string; meta?: { crisis: CrisisResources } }>('/api/auth/local/register', account('a', { displayName: 'no quiero vivir', pronouns: 'she/her' }));
      expect(worried.status).toBe(200);
      expect(worried.body.accountType).toBe('client');
      expect(worried.body.meta?.crisis?.lines.length).toBeGreaterThan(0);
      const made = await haven.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: `care-a-${stamp}@example.test` } });
      expect(made).toBeTruthy();
      const disguised = await api.post<{ meta?: { crisis: CrisisResources } }>('/api/auth/local/register', account('b', { displayName: 'Robin', pronouns: 'k1ll mys3lf' }));
      expect(disguised.status).toBe(200);
      expect(disguised.body.meta?.crisis).toMatchObject({ matched: 'default' });
      const plain = await api.post<{ meta?: unknown }>('/api/auth/local/register', account('c', { displayName: 'Robin the baker' }));
      expect(plain.status).toBe(200);
      expect(plain.body.meta).toBeUndefined();
    });
  });
});
