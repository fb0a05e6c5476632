/**
 * The password rule as forms state it (NIST SP 800-63B; the rule itself is the identity plugin's
 * `passwordProblem`). The minimum is configured in the CMS (PASSWORD_MIN_LENGTH) and published on
 * GET /api/identity/health, so the site's hint and quick check say what the CMS will enforce.
 */
import { PASSWORD_MAX_LENGTH } from './text';

/** The default minimum; README "Passwords" says why 12 and not 15. */
export const DEFAULT_PASSWORD_MIN_LENGTH = 12;
/** SP 800-63B's floor: no configuration may go below it. */
export const LOWEST_PASSWORD_MIN_LENGTH = 8;

/** The rule in one sentence, for forms' hints. */
export function passwordHint(minLength = DEFAULT_PASSWORD_MIN_LENGTH): string {
  return `At least ${minLength} characters. Any characters work; a few unrelated words make a strong password that is easy to remember. Common passwords and your own username or email are refused.`;
}

/** The length part of the rule, for a form's quick check before it calls the CMS (which checks everything). */
export function passwordTooShort(minLength = DEFAULT_PASSWORD_MIN_LENGTH): string {
  return `Your password must be at least ${minLength} characters long; a few unrelated words make one that is easy to remember.`;
}

export { PASSWORD_MAX_LENGTH };
