// A year of people for the dashboards bench: site accounts signing up over the year (more lately),
// their profiles, and ~200 therapists (verified, waiting, rejected; some licences expiring, a few
// licence numbers shared) with weekly hours.
import { BENCH_PASSWORD } from '../people.mjs';

const ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];
const CURRENCIES = [
  ['USD', 0.6],
  ['EUR', 0.3],
  ['GBP', 0.1],
];
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

/**
 * Writes PEOPLE accounts (THERAPISTS of them therapists) and answers who they are:
 * `clients` and `therapists` as { userId, created, … } in the order of their ids.
 */
export async function generatePeople(ctx) {
  const { strapi, w, rng, now, YEAR, DAY, sizes } = ctx;
  const users = w.table('plugin::users-permissions.user');
  const profiles = w.table('api::profile.profile');
  const therapistProfiles = w.table('api::therapist-profile.therapist-profile');
  const roles = Object.fromEntries((await strapi.db.query('plugin::users-permissions.role').findMany({})).map((r) => [r.type, r.id]));
  for (const type of ['client', 'therapist']) if (!roles[type]) throw new Error(`no users-permissions role "${type}"`);
  // One real hash (bcrypt is slow): every generated account can log in with BENCH_PASSWORD.
  const passwordHash = await strapi.plugin('users-permissions').service('user').ensureHashedPasswords({ password: BENCH_PASSWORD }).then((u) => u.password);

  // Sign-ups grow over the year (density rising linearly); the therapists are a random tenth of the early ones.
  const created = Array.from({ length: sizes.people }, () => now - YEAR + Math.sqrt(rng.next()) * (YEAR - DAY)).sort((a, b) => a - b);
  const isTherapist = new Set();
  while (isTherapist.size < sizes.therapists) isTherapist.add(rng.int(Math.floor(sizes.people * 0.6)));
  const userRows = created.map((at, i) =>
    users.row(
      { username: `bench-person-${i}`, email: `bench.person.${i}@bench.haven.example`, provider: 'local', password: passwordHash, confirmed: true, blocked: rng.chance(0.003) },
      new Date(at),
    ),
  );
  const userIds = await w.insert(users, userRows, { phase: 'accounts' });
  const roleLink = users.link('role');
  let clientOrder = 0;
  let therapistOrder = 0;
  await w.insert(
    roleLink,
    userIds.map((id, i) => (isTherapist.has(i) ? roleLink.row(id, roles.therapist, ++therapistOrder) : roleLink.row(id, roles.client, ++clientOrder))),
    { phase: 'accounts', ids: false },
  );
  const zoneOf = userIds.map(() => rng.pick(ZONES));
  if (profiles) {
    const profileIds = await w.insert(
      profiles,
      userIds.map((_, i) => profiles.row({ displayName: `Bench Person ${i}`, timeZone: zoneOf[i] }, new Date(created[i] + 60_000))),
      { phase: 'profiles' },
    );
    const link = profiles.link('user');
    await w.insert(link, profileIds.map((id, i) => link.row(id, userIds[i])), { phase: 'profiles', ids: false });
  }

  const people = userIds.map((userId, i) => ({ userId, created: created[i], zone: zoneOf[i] }));
  const clients = people.filter((_, i) => !isTherapist.has(i));
  const therapists = people.filter((_, i) => isTherapist.has(i));
  if (!therapistProfiles) return { clients, therapists: [], verified: [] };

  // Statuses: three quarters verified, the rest waiting (recent applications), asked for more (where
  // this build knows 'more-info') or rejected.
  // Licences: a tenth expire within 30 days, a few already expired; five share one number, a few pairs share.
  const shared = ['BENCH-SHARED-1', 'BENCH-SHARED-1', 'BENCH-SHARED-1', 'BENCH-SHARED-1', 'BENCH-SHARED-1', 'BENCH-PAIR-1', 'BENCH-PAIR-1', 'BENCH-PAIR-2', 'BENCH-PAIR-2'];
  const askedForMore = therapistProfiles.enumOf('verificationStatus').includes('more-info');
  therapists.forEach((t, k) => {
    const draw = rng.next();
    t.status = draw < 0.75 ? 'verified' : draw < 0.87 ? 'pending' : draw < 0.92 && askedForMore ? 'more-info' : 'rejected';
    // A waiting application was sent lately (minutes to weeks ago), whenever the account was made.
    t.submitted = t.status === 'pending' || t.status === 'more-info' ? now - rng.next() * 40 * DAY : t.created + 3_600_000;
    t.verifiedAt = t.status === 'verified' ? t.created + (1 + rng.next() * 6) * DAY : null;
    const expiry = rng.chance(0.1) ? now + rng.next() * 30 * DAY : rng.chance(0.03) ? now - rng.next() * 60 * DAY : now + (60 + rng.next() * 900) * DAY;
    t.licenceExpiry = iso(expiry);
    t.licenceNumber = shared[k] ?? `BENCH-LIC-${k}`;
    t.currency = CURRENCIES[rng.weighted(CURRENCIES.map(([, w]) => w))][0];
    t.rateMinor = 6000 + rng.int(12) * 500;
    t.featured = t.status === 'verified' && rng.chance(0.08);
  });
  if (!therapistProfiles.has('featured')) ctx.warn('warning: therapist profiles have no "featured" attribute in this build: none is featured');
  const tpIds = await w.insert(
    therapistProfiles,
    therapists.map((t, k) =>
      therapistProfiles.row(
        {
          licenceNumber: t.licenceNumber,
          licenceJurisdiction: rng.pick(['Benchland', 'Ontario', 'California', 'Bavaria', 'England']),
          licenceExpiry: t.licenceExpiry,
          specialties: [rng.pick(['anxiety', 'depression', 'trauma', 'grief']), rng.pick(['stress', 'sleep', 'relationships'])],
          languages: ['English'],
          bio: `Bench therapist ${k}.`,
          sessionLengthMinutes: 50,
          rateMinor: t.rateMinor,
          currency: t.currency,
          verificationStatus: t.status,
          ...(t.verifiedAt ? { verifiedAt: new Date(t.verifiedAt), verifiedBy: 'bench' } : {}),
          ...(therapistProfiles.has('featured') ? { featured: t.featured } : {}),
        },
        new Date(t.submitted),
      ),
    ),
    { phase: 'therapists' },
  );
  const tpLink = therapistProfiles.link('user');
  await w.insert(tpLink, tpIds.map((id, k) => tpLink.row(id, therapists[k].userId)), { phase: 'therapists', ids: false });
  const documentIds = await w.knex(therapistProfiles.name).select('id', 'document_id').whereIn('id', tpIds);
  const docOf = new Map(documentIds.map((r) => [Number(r.id), r.document_id]));
  therapists.forEach((t, k) => Object.assign(t, { profileId: tpIds[k], documentId: docOf.get(tpIds[k]) }));
  const verified = therapists.filter((t) => t.status === 'verified');

  // Weekly hours of the verified therapists: weekdays 09:00–17:00 in their zone (what utilisation is measured against).
  const availability = w.table('plugin::booking.availability');
  if (availability) {
    const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    await w.insert(
      availability,
      verified.map((t) => availability.row({ therapistUserId: t.userId, timeZone: t.zone, weeklyHours: hours, overrides: [], incrementMinutes: 60, bufferAfterMinutes: 10, minNoticeHours: 24, horizonDays: 60 }, new Date(t.verifiedAt))),
      { phase: 'therapists', ids: false },
    );
  }
  return { clients, therapists, verified };
}
