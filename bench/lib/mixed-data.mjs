// The people of `npm run bench:mixed`, created in the CMS process (worker 1 of bench/cms-cluster-target.mjs)
// before anything listens: BENCH_MIXED_PEOPLE site clients with profiles and signed-in sessions, the
// therapists the bookers book (open every day) and those the chatters write to (each chatter one open
// conversation, made writable by an upcoming confirmed session, as the chat's lifetime rule wants).
import { BENCH_PASSWORD, createPerson, createTherapist, everyDay } from './people.mjs';

/**
 * What each virtual person does, by index, repeating every 20 so that every prefix of the list (a step of
 * the run) is close to the proportions: 12 browse (60 %), 3 check in (15 %), 2 chat (10 %), 2 book (10 %),
 * 1 logs in fresh (5 %).
 */
const PATTERN = ['browse', 'checkin', 'browse', 'chat', 'browse', 'book', 'browse', 'browse', 'checkin', 'browse', 'login', 'browse', 'chat', 'browse', 'book', 'browse', 'checkin', 'browse', 'browse', 'browse'];
export const KINDS = ['browse', 'checkin', 'chat', 'book', 'login'];
export const kindOf = (index) => PATTERN[index % PATTERN.length];

/** Therapists the bookers book (each booker always the same slot of one of them: bookers never collide). */
export const BOOKING_THERAPISTS = 4;
/** Therapists the chatters write to (a therapist has many conversations, as in a practice). */
const CHAT_THERAPISTS = 4;

const email = (i) => `mixed.${i}@bench.haven.example`;

/** A signed-in session of users-permissions (refresh mode), as logging in makes one: its access token. */
async function accessToken(strapi, userId) {
  const sessions = strapi.sessionManager('users-permissions');
  const refresh = await sessions.generateRefreshToken(String(userId), undefined, { type: 'refresh' });
  const access = await sessions.generateAccessToken(refresh.token);
  if ('error' in access) throw new Error(`no access token for user ${userId}: ${access.error}`);
  return access.token;
}

/**
 * Creates `count` clients (the first through users-permissions, so its password is hashed as sign-up
 * hashes it; the others get the same stored hash, so that every one logs in with BENCH_PASSWORD without
 * `count` bcrypt runs), their profiles and sessions, and the therapists. Answers what the load generator
 * needs: per person the access token (and for chatters the conversation), the booking therapists' ids.
 */
export async function createMixedData(strapi, count) {
  const started = Date.now();
  const users = strapi.db.query('plugin::users-permissions.user');
  const first = await createPerson(strapi, { role: 'client', email: email(0), displayName: 'Mixed 0' });
  const { password: hash, role } = await users.findOne({ where: { id: first.id }, select: ['password'], populate: ['role'] });
  const profiles = strapi.service('api::profile.profile');

  const bookingTherapists = [];
  for (let t = 0; t < BOOKING_THERAPISTS; t++) {
    const { profile } = await createTherapist(strapi, { email: `mixed.booking.${t}@bench.haven.example`, displayName: `Dr. Mixed Booking ${t}`, licenceNumber: `MIXED-B-${t}`, availability: { weeklyHours: everyDay('06:00', '22:00'), incrementMinutes: 60 } });
    bookingTherapists.push(profile.documentId);
  }
  const chatTherapists = [];
  for (let t = 0; t < CHAT_THERAPISTS; t++) {
    const { user, profile } = await createTherapist(strapi, { email: `mixed.chat.${t}@bench.haven.example`, displayName: `Dr. Mixed Chat ${t}`, licenceNumber: `MIXED-C-${t}`, availability: {} });
    chatTherapists.push({ userId: user.id, profileId: profile.documentId });
  }

  const conversations = strapi.plugin('chat').service('conversations');
  const people = [];
  for (let i = 0; i < count; i++) {
    const user =
      i === 0
        ? first
        : await users.create({ data: { username: `mixed${i}`, email: email(i), password: hash, provider: 'local', confirmed: true, blocked: false, role: role.id } });
    if (i > 0) await profiles.createForUser(user.id, { displayName: `Mixed ${i}`, timeZone: 'UTC' });
    const person = { index: i, kind: kindOf(i), email: email(i), token: await accessToken(strapi, user.id) };
    if (person.kind === 'chat') {
      const therapist = chatTherapists[i % CHAT_THERAPISTS];
      // An upcoming confirmed session (far from the bookers' therapists) makes the conversation writable.
      const startsAt = new Date(Date.now() + 60 * 86_400_000 + i * 3_600_000);
      await strapi.db.query('plugin::booking.booking').create({
        data: { therapistUserId: therapist.userId, therapistProfileId: therapist.profileId, clientUserId: user.id, startsAt, endsAt: new Date(startsAt.getTime() + 50 * 60_000), status: 'confirmed' },
      });
      person.conversation = (await conversations.open(user.id, therapist.userId)).row.documentId;
    }
    people.push(person);
  }
  return { people, bookingTherapists, password: BENCH_PASSWORD, seconds: (Date.now() - started) / 1000 };
}
