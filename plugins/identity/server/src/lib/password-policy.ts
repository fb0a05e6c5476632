/**
 * Haven's password rule, after NIST SP 800-63B: long enough, not on a list of passwords attackers
 * try first, not built from the account's own name — and nothing else (no "one digit, one symbol"
 * composition rules, which SP 800-63B forbids because they make passwords harder to remember and
 * no harder to guess). Pure and linear: one pass to count, one Set lookup, two substring searches
 * over at most PASSWORD_MAX_LENGTH characters.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { codePointLength, passwordProblem as shapeProblem } from '@haven/shared/text';
import { DEFAULT_PASSWORD_MIN_LENGTH, LOWEST_PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, passwordHint, passwordTooShort } from '@haven/shared/passwords';

// The limits and the hint are shared with the site's forms (@haven/shared/passwords).
export { DEFAULT_PASSWORD_MIN_LENGTH, LOWEST_PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, passwordHint };

/** Whose password it is: its own name must not be the password or part of it. */
export interface PasswordOwner {
  email?: string | null;
  username?: string | null;
}

/**
 * A name shorter than this is not looked for inside the password (a username "al" would refuse
 * every password holding "al"); the password equal to it is still refused.
 */
const SHORTEST_NAME_SEARCHED = 4;

let common: Set<string> | null = null;
/**
 * zxcvbn-ts's bundled list of ~49,000 common and breached passwords (all lower case), read once.
 * The comparison is case-insensitive; we do not strip digits or symbols around a listed word: the
 * length rule already refuses most such variants and the list holds the popular ones ("password1234").
 */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common']);
  return common;
}

/** The pieces of the owner's identity worth refusing: the username and the email's local part, lower-cased. */
function ownerNames(owner: PasswordOwner): string[] {
  const names: string[] = [];
  const username = owner.username?.trim().toLowerCase();
  if (username) names.push(username);
  const email = owner.email?.trim().toLowerCase();
  if (email) {
    const at = email.lastIndexOf('@');
    const local = at > 0 ? email.slice(0, at) : email;
    if (local) names.push(local);
  }
  return names;
}

/** The sentence to tell the person, or null when the password is acceptable. */
export function passwordProblem(password: unknown, owner: PasswordOwner = {}, minLength = DEFAULT_PASSWORD_MIN_LENGTH): string | null {
  const shape = shapeProblem(password);
  if (shape) return `Your password ${shape}.`;
  const value = password as string;
  if (codePointLength(value) < minLength) return passwordTooShort(minLength);
  const lower = value.toLowerCase();
  if (commonPasswords().has(lower)) return 'This password is on a list of common passwords that attackers try first; please choose another.';
  for (const name of ownerNames(owner)) {
    if (lower === name || (name.length >= SHORTEST_NAME_SEARCHED && lower.includes(name))) return 'Your password must not contain your username or the name part of your email address.';
  }
  return null;
}
