import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_MIN_LENGTH, passwordHint, passwordProblem } from '../password-policy';

const owner = { email: 'river.stone@example.com', username: 'riverstone' };

describe('passwordProblem (NIST SP 800-63B)', () => {
  it('accepts the demo and test passwords and a long passphrase, with no composition rule', () => {
    expect(passwordProblem('DemoPass2026!', owner)).toBeNull();
    expect(passwordProblem('Str0ng-Passw0rd!', owner)).toBeNull();
    expect(passwordProblem('correct horse battery staple lantern', owner)).toBeNull();
    // All lower case letters, no digit or symbol: fine when long and not common.
    expect(passwordProblem('meadowlanternquietly', owner)).toBeNull();
  });

  it('refuses one shorter than the minimum, counting code points', () => {
    expect(DEFAULT_PASSWORD_MIN_LENGTH).toBe(12);
    expect(passwordProblem('Xq7#kd9!Lm2', owner)).toMatch(/at least 12 characters/);
    expect(passwordProblem('Xq7#kd9!Lm2p', owner)).toBeNull();
    // 11 emoji are 22 UTF-16 units but 11 characters.
    expect(passwordProblem('😀'.repeat(11), owner)).toMatch(/at least 12/);
    expect(passwordProblem('Xq7#kd9!', owner, 8)).toBeNull();
  });

  it('refuses common passwords whatever their case', () => {
    for (const common of ['password1234', 'qwertyuiop12', 'PASSWORD1234', 'QwErTyUiOp12', '123456789012', '1Q2W3E4R5T6Y', 'PasswordPassword']) {
      expect(passwordProblem(common, owner), common).toMatch(/list of common passwords/);
    }
  });

  it("refuses the account's own username or email name, alone or inside", () => {
    const sentence = /must not contain your username or the name part of your email/;
    expect(passwordProblem('river.stone@example.com', owner)).toMatch(sentence);
    expect(passwordProblem('RIVER.STONE-2026!!', owner)).toMatch(sentence);
    expect(passwordProblem('my-riverstone-pass', owner)).toMatch(sentence);
    // A very short name is only refused as the whole password.
    expect(passwordProblem('quiet meadow al lantern', { username: 'al' })).toBeNull();
  });

  it('keeps the shape checks: text, at most 128 characters, well-formed', () => {
    expect(passwordProblem(42, owner)).toBe('Your password must be text.');
    expect(passwordProblem('a'.repeat(129), owner)).toMatch(/at most 128/);
    expect(passwordProblem('abcdefghijkl\ud800mnop', owner)).toMatch(/not valid text/);
  });

  it('runs in linear time on long adversarial input', () => {
    const started = performance.now();
    for (let i = 0; i < 2_000; i += 1) passwordProblem('ab'.repeat(64), { email: `${'ab'.repeat(2000)}a@example.com`, username: 'a'.repeat(4000) });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('says the rule in one hint', () => {
    expect(passwordHint(12)).toMatch(/At least 12 characters/);
  });
});
