// The accounts bench targets create through Haven's own services: a person with a role and a profile,
// and a verified therapist with a therapist profile and weekly hours (the shape bulk rows copy).

export const BENCH_PASSWORD = 'Bench-Passw0rd!';

/** A confirmed users-permissions account of `role` ('client' or 'therapist') with its Haven profile. */
export async function createPerson(strapi, { role, email, displayName, timeZone = 'UTC', password = BENCH_PASSWORD }) {
  const roleRow = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: role } });
  if (!roleRow) throw new Error(`no users-permissions role "${role}"`);
  const user = await strapi.plugin('users-permissions').service('user').add({ username: email.split('@')[0], email, password, provider: 'local', confirmed: true, blocked: false, role: roleRow.id });
  await strapi.service('api::profile.profile').createForUser(user.id, { displayName, timeZone });
  return user;
}

/**
 * A verified therapist (50-minute sessions at 90.00 USD) with the availability rules given, set
 * through the booking plugin. Resolves with the account and the therapist profile.
 */
export async function createTherapist(strapi, { email, displayName, licenceNumber, availability }) {
  const user = await createPerson(strapi, { role: 'therapist', email, displayName });
  const profile = await strapi.documents('api::therapist-profile.therapist-profile').create({
    data: { licenceNumber, licenceJurisdiction: 'Benchland', licenceExpiry: '2030-01-01', specialties: ['anxiety'], languages: ['English'], sessionLengthMinutes: 50, rateMinor: 9000, currency: 'USD', verificationStatus: 'verified', user: user.id },
  });
  await strapi.plugin('booking').service('availability').update(user.id, { timeZone: 'UTC', bufferBeforeMinutes: 0, minNoticeHours: 0, horizonDays: 365, ...availability });
  return { user, profile };
}

/** Weekly hours from `start` to `end` (UTC, "HH:mm") on every day of the week. */
export const everyDay = (start, end) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));
