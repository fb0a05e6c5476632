import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHaven, type ApiResponse, type Haven } from '../helpers/haven';
import { call, demoData, fillPath, firstOf, havenPluginNames, mountedContentApi, registeredRoutes, signIn, type Caller, type RegisteredRoute } from './allow-list-helpers';
import { findPrivate, type PrivacyRules } from './private-fields';
import { enrolTwoFactor } from '../helpers/two-factor';

/**
 * Responses by allow-list, checked from the outside: every route Haven's plugins and the CMS's own APIs
 * registered (read from the running Strapi, so a route added later is covered without touching this
 * file) is called as every kind of caller, reads first and then writes with an empty body, with path
 * parameters filled from real demo ids; no answer may carry a private key or value (private-fields.ts).
 * A 4xx is fine: what matters is what the body carries.
 */

/** Routes deliberately not called, each with why. A registered route neither called nor listed here fails the test. */
const SKIPPED: Record<string, string> = {
  // (none yet: the webhooks are called too, and must answer 4xx without data, see WEBHOOKS)
};

/** Webhooks need a provider's signature: called without one, they must refuse (4xx) and say nothing. */
const WEBHOOKS = /\/webhook$/;

/**
 * Private keys a route may hand to the caller it concerns, per route (`METHOD path`) and why.
 * Matched against the route pattern, so they hold for every caller of that route.
 */
const ALLOWED_KEYS: { route: RegExp; keys: string[]; why: string }[] = [
  { route: /^GET \/api\/users\/me$/, keys: ['email', 'provider'], why: "Strapi's own account answer, to its owner (another person's email is still caught by value)" },
  { route: /^(GET|PUT) \/api\/profiles\/me$/, keys: ['email'], why: "the caller's own account email on their own settings (another person's email is still caught by value)" },
  { route: /^(GET|PUT) \/api\/therapist-profiles\/me$/, keys: ['licenceNumber'], why: "the therapist's own licence number, which they edit there" },
  { route: /^(GET|POST) \/api\/booking\/feed$/, keys: ['token'], why: "the caller's own calendar feed address, which they asked for" },
  { route: /^[A-Z]+ \/api\/payments(\/|$)/, keys: ['provider'], why: "the payment provider ('stripe', 'paypal', 'manual'), not an account's sign-in provider" },
  { route: /^POST \/api\/payments\/(checkout|:id\/complete)$/, keys: ['clientSecret'], why: "the caller's own payment intent secret, needed by the provider's page" },
  { route: /^GET \/api\/chat\/bookings\/:id\/video$/, keys: ['token'], why: "the participant's own video-room access token" },
  { route: /^POST \/api\/privacy\/exports\/:id\/link$/, keys: ['token'], why: "the one-time download token of the caller's own data export (the site's server spends it at once)" },
  { route: /^POST \/community\/reveal$/, keys: ['email', 'username'], why: 'a moderator reveals an alias on purpose (logged); the point of the route' },
];

/**
 * Strapi's own routes are not Haven's to shape, but the account routes of users-permissions could hand
 * out every member's email if a role were granted too much: their reads are checked as well.
 */
const STRAPI_ACCOUNT_READS = (route: RegisteredRoute) => route.owner === 'plugin::users-permissions' && route.method === 'GET' && /^\/api\/users(\/|$)/.test(route.path);

const isCommunity = (route: RegisteredRoute) => route.owner === 'plugin::community';

describe('responses by allow-list', () => {
  let haven: Haven;
  let callers: Caller[];
  let routes: RegisteredRoute[];
  const ids = new Map<string, string>();
  const placeholders = new Set<string>();
  const demo = demoData();
  const people = [...demo.clients, ...demo.therapists, ...demo.members];
  const allEmails = [...new Set([...people.map((p) => p.email), ...demo.staffEmails])];
  let profileIds: string[] = [];
  /** Emails of the demo therapist's own clients (the demo's history makes some community members clients). */
  let therapistClientEmails = new Set<string>();

  beforeAll(async () => {
    haven = await startHaven({ seedDemo: true });
    callers = await signIn(haven, demo.password);
    // Dr. Rivera reads clients' shared wellness data below: therapists need two-step sign-in for it (the demo's own has it off).
    await enrolTwoFactor(haven, { jwt: as('therapist').token! });
    const haveRoutes = new Set(havenPluginNames().map((name) => `plugin::${name}`));
    routes = registeredRoutes(haven.strapi).filter((route) => route.owner.startsWith('api::') || haveRoutes.has(route.owner) || STRAPI_ACCOUNT_READS(route));
    const profiles = await haven.strapi.db.query('api::profile.profile').findMany({ select: ['documentId'] });
    const therapistProfiles = await haven.strapi.db.query('api::therapist-profile.therapist-profile').findMany({ select: ['documentId'] });
    profileIds = [...profiles, ...therapistProfiles].map((row: { documentId: string }) => row.documentId);
    const therapist = as('therapist');
    const sessions = await haven.strapi.db.query('plugin::booking.booking').findMany({ where: { therapistUserId: therapist.userId }, select: ['clientUserId'] });
    const clientIds = [...new Set(sessions.map((row: { clientUserId: number }) => row.clientUserId))];
    const clients = await haven.strapi.db.query('plugin::users-permissions.user').findMany({ where: { id: { $in: clientIds } }, select: ['email'] });
    therapistClientEmails = new Set(clients.map((row: { email: string }) => row.email));
    await gatherIds();
  });
  afterAll(async () => haven?.close());

  const as = (role: Caller['role']) => callers.find((caller) => caller.role === role)!;

  /** Real ids for path parameters, from the list routes, as the callers who can see them. */
  async function gatherIds() {
    const alex = as('client');
    const rivera = as('therapist');
    const set = (key: string, value: string | undefined) => value !== undefined && ids.set(key, value);
    set('users/:id', String(rivera.userId));
    const therapists = await as('anonymous').api.get('/api/therapists');
    set('therapists/:id', firstOf(therapists, 'id'));
    // How a client pays a listed therapist (payments): the same public id.
    set('how-to-pay/:therapistProfileId', firstOf(therapists, 'id'));
    set('categories/:id', firstOf(await as('anonymous').api.get('/api/categories'), 'documentId'));
    set('resources/:id', firstOf(await as('anonymous').api.get('/api/resources'), 'documentId'));
    set('bookings/:id', firstOf(await alex.api.get('/api/booking/bookings', alex.token), 'id'));
    set('calendars/:id', firstOf(await rivera.api.get('/api/booking/calendars', rivera.token), 'id'));
    const feed = await alex.api.post('/api/booking/feed', {}, alex.token);
    set('calendar/:file', /\/calendar\/([^/?#"]+)/.exec(JSON.stringify(feed.body))?.[1]);
    set('conversations/:id', firstOf(await alex.api.get('/api/chat/conversations', alex.token), 'id'));
    const posts = await alex.api.get('/api/community/posts?pageSize=50', alex.token);
    const withReplies = firstOf(posts, 'id', (post) => Number(post.replyCount) > 0) ?? firstOf(posts, 'id');
    set('posts/:id', withReplies);
    if (withReplies) {
      const thread = await alex.api.get(`/api/community/posts/${withReplies}`, alex.token);
      set('replies/:id', (thread.body?.data?.replies ?? [])[0]?.id);
    }
    set('payments/:id', firstOf(await alex.api.get('/api/payments', alex.token), 'id'));
    set('entries/:date', firstOf(await alex.api.get('/api/wellness/entries', alex.token), 'date'));
    set('assessments/:id', firstOf(await alex.api.get('/api/wellness/assessments', alex.token), 'id'));
    set('shares/:id', firstOf(await alex.api.get('/api/wellness/shares', alex.token), 'therapist') ?? ids.get('therapists/:id'));
    set('clients/:id', firstOf(await rivera.api.get('/api/wellness/clients', rivera.token), 'id'));
    // The moderation routes (admin API), as the moderator sees them.
    const moderator = as('moderator');
    const queue = await moderator.api.get('/community/queue', moderator.token);
    set('aliases/:alias', /"alias":"([^"]+)"/.exec(JSON.stringify(queue.body))?.[1] ?? /"alias":"([^"]+)"/.exec(JSON.stringify(posts.body))?.[1]);
    // The demo has no watched word: add one, so that its routes are called with a real id.
    await moderator.api.post('/community/watched-words', { phrase: 'allowlistprobe', action: 'hold' }, moderator.token);
    set('watched-words/:id', firstOf(await moderator.api.get('/community/watched-words', moderator.token), 'id'));
  }

  /** What a caller must not see in an answer from a route. */
  function rulesFor(caller: Caller, route: RegisteredRoute): PrivacyRules {
    const key = `${route.method} ${route.path}`;
    const others = people.filter((person) => person.email !== caller.email);
    const clientsAndMembers = [...demo.clients, ...demo.members].filter((person) => person.email !== caller.email);
    // Names: in the community nobody's name appears (aliases only); elsewhere, therapists' names are
    // public (the directory) but no client's or member's name reaches anyone but their own therapist
    // or themselves (a therapist sees the names of the members who are their clients). The unverified therapist is not in the directory either.
    const names = isCommunity(route)
      ? people.map((person) => person.displayName)
      : caller.role === 'therapist'
        ? demo.members.filter((person) => !therapistClientEmails.has(person.email)).map((person) => person.displayName)
        : [...clientsAndMembers.map((person) => person.displayName), ...(caller.role === 'unverifiedTherapist' ? [] : ['Jordan Blake'])];
    return {
      ownUserId: caller.userId,
      allowKeys: ALLOWED_KEYS.filter((allowed) => allowed.route.test(key)).flatMap((allowed) => allowed.keys),
      privateValues: [...allEmails.filter((email) => email !== caller.email || route.type === 'admin'), ...(isCommunity(route) ? profileIds : [])],
      privateWholeValues: [...names, ...others.map((person) => person.username)],
      noAccountIdentity: isCommunity(route) && route.type === 'content-api',
    };
  }

  it('reads every registered content-API route back from the running router', () => {
    const mounted = new Set(mountedContentApi(haven.strapi));
    const missing = registeredRoutes(haven.strapi)
      .filter((route) => route.type === 'content-api')
      .map((route) => `${route.method} ${route.path}`)
      .filter((route) => !mounted.has(route));
    // If this fails, registeredRoutes computes paths differently from Strapi: fix it before trusting the rest.
    expect(missing).toEqual([]);
    expect(routes.length).toBeGreaterThan(50);
  });

  it('answers every route, as every role, without a private key or value', async () => {
    const findings: string[] = [];
    const statuses = new Map<string, number[]>();
    const called = new Set<string>();
    // ALLOW_LIST_DUMP=<file> writes every answer there (JSON lines), to read what the routes really say.
    const dump = process.env.ALLOW_LIST_DUMP;
    if (dump) fs.writeFileSync(dump, '');
    const answered = new Map<string, number>();
    const check = (caller: Caller, route: RegisteredRoute, url: string, res: ApiResponse) => {
      const key = `${route.method} ${route.path}`;
      called.add(key);
      statuses.set(key, [...(statuses.get(key) ?? []), res.status]);
      if (dump) fs.appendFileSync(dump, `${JSON.stringify({ route: key, role: caller.role, url, status: res.status, body: res.body })}\n`);
      if (res.status < 300) answered.set(caller.role, (answered.get(caller.role) ?? 0) + 1);
      for (const finding of findPrivate(res.body, rulesFor(caller, route))) findings.push(`${key} as ${caller.role} (${url} → ${res.status}): ${finding.path || '(body)'} ${finding.reason}`);
      if (WEBHOOKS.test(route.path)) {
        if (res.status < 400 || res.status >= 500) findings.push(`${key} as ${caller.role}: a webhook without a signature answered ${res.status}`);
        if (res.body?.data != null) findings.push(`${key} as ${caller.role}: a refused webhook carried data`);
      }
    };
    const toCall = routes.filter((route) => !SKIPPED[`${route.method} ${route.path}`]);
    // Reads first (so that writes, which may cancel or delete demo data, cannot hide anything), then
    // creates and updates, then deletes. Within one write route the callers go one after another: one
    // caller's write must not race another's.
    const order = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    const sorted = [...toCall].sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method));
    for (const route of sorted) {
      const url = fillPath(route.path, ids, placeholders);
      if (route.method === 'GET') {
        // Reads change nothing: all callers at once.
        const answers = await Promise.all(callers.map((caller) => call(caller, route.method, url)));
        answers.forEach((res, index) => check(callers[index], route, url, res));
      } else {
        for (const caller of callers) check(caller, route, url, await call(caller, route.method, url));
      }
    }

    const all = routes.map((route) => `${route.method} ${route.path}`);
    const neither = all.filter((key) => !called.has(key) && !SKIPPED[key]);
    const serverErrors = [...statuses].filter(([, codes]) => codes.some((code) => code >= 500)).map(([key, codes]) => `${key}: ${codes.join(',')}`);
    console.log(
      [
        `allow-list: ${called.size} routes × ${callers.length} roles (${callers.map((c) => c.role).join(', ')}) = ${called.size * callers.length} calls`,
        `  content API ${routes.filter((r) => r.type === 'content-api').length}, admin API ${routes.filter((r) => r.type === 'admin').length}`,
        `  2xx answers checked, by role: ${callers.map((c) => `${c.role} ${answered.get(c.role) ?? 0}`).join(', ')}`,
        `  real ids: ${[...ids].map(([k, v]) => `${k}=${v}`).join(' ')}`,
        `  placeholder ids (no real one known): ${[...placeholders].join(', ') || 'none'}`,
        `  skipped: ${Object.entries(SKIPPED).map(([k, why]) => `${k} (${why})`).join('; ') || 'none'}`,
        `  answered 5xx: ${serverErrors.join('; ') || 'none'}`,
        `  findings: ${findings.length}`,
        ...findings.map((finding) => `    ${finding}`),
      ].join('\n'),
    );
    expect(neither, 'routes neither called nor skipped with a reason').toEqual([]);
    expect(findings).toEqual([]);
  });
});

/** The walker itself, on answers made up to leak: it must catch what the routes above are checked for. */
describe('findPrivate', () => {
  it('finds private keys, other people’s user ids and private values, and lets allowed ones pass', () => {
    const body = { data: [{ id: 'a1', author: { alias: 'QuietOtter', userId: 9, username: 'river' }, feedToken: 'x', note: 'write to sam@haven.example' }] };
    const findings = findPrivate(body, { ownUserId: 7, privateValues: ['sam@haven.example'], privateWholeValues: ['river'], noAccountIdentity: true });
    expect(findings.map((f) => `${f.path}: ${f.reason}`)).toEqual([
      'data[0].author.userId: account identity in a community answer',
      "data[0].author.userId: someone else's user id 9",
      'data[0].author.username: account identity in a community answer',
      'data[0].author.username: is the private name "river"',
      'data[0].feedToken: private key',
      'data[0].note: carries the private value "sam@haven.example"',
    ]);
    expect(findPrivate({ data: { userId: 7, token: 't', email: null } }, { ownUserId: 7, allowKeys: ['token'] })).toEqual([]);
    expect(findPrivate({ user: { id: 8 } }, { ownUserId: 7 })).toEqual([{ path: 'user', reason: "someone else's user id 8" }]);
  });
});
