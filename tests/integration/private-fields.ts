/**
 * What must never leave the CMS in an answer, as data a test can reuse: private key names, keys that
 * carry a user's numeric id, keys that name an account, and a walker that reports every place in a JSON
 * answer where one of them (or a known private value such as an account's email) turns up.
 *
 *   const findings = findPrivate(res.body, { ownUserId: 7, privateValues: demoEmails });
 *   expect(findings).toEqual([]);
 */

/** Normalised the way `normaliseKey` does: lower case, no `_` or `-`. */
const norm = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/** Keys whose value is private whoever asks (secrets, credentials, key material, licence numbers, e-mail addresses). */
export const PRIVATE_KEYS = [
  'email',
  'password',
  'resetPasswordToken',
  'confirmationToken',
  'registrationToken',
  'refreshToken',
  'licenceNumber',
  'licenseNumber',
  'wrappedKey',
  'dataKey',
  'masterKey',
  'privateKey',
  'ciphertext',
  'authTag',
  'secret',
  'token',
  'provider',
  'providerId',
  'stripeCustomerId',
] as const;

/** Key endings that are private too (`feedToken`, `clientSecret`, `passwordHash`, `webhookSecret`, …). */
export const PRIVATE_KEY_ENDINGS = ['token', 'secret', 'password', 'passwordhash', 'wrappedkey', 'datakey'] as const;

/**
 * Keys whose NUMERIC value is a users-permissions user id: fine when it is the caller's own, a leak
 * otherwise. (Public ids are documentId strings, so `therapist: 'k28g…'` passes; `therapist: 12` does not.)
 */
export const USER_ID_KEYS = [
  'userId',
  'user',
  'users',
  'owner',
  'ownerId',
  'author',
  'authorId',
  'sender',
  'senderId',
  'recipient',
  'recipientId',
  'client',
  'clientId',
  'therapist',
  'therapistId',
  'member',
  'participant',
  'participants',
  'createdBy',
  'updatedBy',
] as const;

/** Keys that name an account: never in a community answer (authors are aliases there, nothing else). */
export const ACCOUNT_IDENTITY_KEYS = ['userId', 'user', 'username', 'email', 'profile', 'profileId', 'therapistProfile', 'therapistProfileId', 'memberId', 'displayName'] as const;

const PRIVATE_KEY_SET = new Set<string>(PRIVATE_KEYS.map(norm));
const USER_ID_KEY_SET = new Set<string>(USER_ID_KEYS.map(norm));
const ACCOUNT_KEY_SET = new Set<string>(ACCOUNT_IDENTITY_KEYS.map(norm));

export const isPrivateKey = (key: string) => {
  const k = norm(key);
  return PRIVATE_KEY_SET.has(k) || PRIVATE_KEY_ENDINGS.some((ending) => k.endsWith(ending));
};
export const isUserIdKey = (key: string) => {
  const k = norm(key);
  return USER_ID_KEY_SET.has(k) || k.endsWith('userid');
};
export const isAccountIdentityKey = (key: string) => ACCOUNT_KEY_SET.has(norm(key));

export interface Finding {
  /** Where in the answer: `data[0].author.email`. */
  path: string;
  /** Why it is private. */
  reason: string;
}

export interface PrivacyRules {
  /** The caller's own user id: theirs may appear under a user-id key. */
  ownUserId?: number | null;
  /** Keys allowed on this route for this caller (e.g. `token` for a feed the caller asked for, `email` on one's own account). */
  allowKeys?: readonly string[];
  /** Exact private values (other people's emails, usernames, profile ids…) that must not appear in any string, anywhere. */
  privateValues?: readonly string[];
  /** Values that must not appear as a whole string value (display names: "Sam" is fine inside a sentence). */
  privateWholeValues?: readonly string[];
  /** Refuse every account-identity key (the community's rule). */
  noAccountIdentity?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every private key or value in a parsed JSON answer (or in raw text, for answers that are not JSON). */
export function findPrivate(body: unknown, rules: PrivacyRules = {}): Finding[] {
  const allowed = new Set((rules.allowKeys ?? []).map(norm));
  const wholeValues = new Set(rules.privateWholeValues ?? []);
  const findings: Finding[] = [];
  const checkString = (path: string, value: string) => {
    for (const secret of rules.privateValues ?? []) if (secret && value.includes(secret)) findings.push({ path, reason: `carries the private value ${JSON.stringify(secret)}` });
    if (wholeValues.has(value.trim())) findings.push({ path, reason: `is the private name ${JSON.stringify(value)}` });
  };
  const walk = (value: Json, path: string) => {
    if (typeof value === 'string') return checkString(path, value);
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((item, index) => walk(item, `${path}[${index}]`));
    for (const [key, child] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const k = norm(key);
      if (!allowed.has(k)) {
        if (isPrivateKey(key) && child !== null && child !== '') findings.push({ path: at, reason: 'private key' });
        if (rules.noAccountIdentity && isAccountIdentityKey(key)) findings.push({ path: at, reason: 'account identity in a community answer' });
        if (isUserIdKey(key)) {
          for (const id of userIdsIn(child)) if (id !== rules.ownUserId) findings.push({ path: at, reason: `someone else's user id ${id}` });
        }
      }
      walk(child, at);
    }
  };
  walk(body as Json, '');
  return findings;
}

/** The numeric ids a user-id key holds: a number, a numeric string, `{ id }`, or a list of those. */
function userIdsIn(value: Json): number[] {
  if (typeof value === 'number') return [value];
  if (typeof value === 'string' && /^\d+$/.test(value)) return [Number(value)];
  if (Array.isArray(value)) return value.flatMap(userIdsIn);
  if (value && typeof value === 'object' && typeof value.id === 'number') return [value.id];
  return [];
}
