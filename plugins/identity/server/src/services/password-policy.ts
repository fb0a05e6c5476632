/** The password rule (lib/password-policy.ts) with the configured minimum (PASSWORD_MIN_LENGTH). */
import { passwordHint, passwordProblem, type PasswordOwner } from '../lib/password-policy';
import { config } from '../get-service';

export type { PasswordOwner };

export default () => ({
  minLength: (): number => config().passwordMinLength,
  /** The sentence to show, or null when `password` is acceptable for this owner. */
  problem: (password: unknown, owner: PasswordOwner = {}): string | null => passwordProblem(password, owner, config().passwordMinLength),
  hint: (): string => passwordHint(config().passwordMinLength),
});
