import { describe, expect, it } from 'vitest';
import { groupSecret, matchingStep, newRecoveryCodes, newTotpSecret, normaliseCode, normaliseRecoveryCode, totpCode, totpUri } from '../totp';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('totp', () => {
  it('computes the RFC 6238 test vectors (last 6 digits)', () => {
    expect(totpCode(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(totpCode(RFC_SECRET, new Date(1111111109_000))).toBe('081804');
    expect(totpCode(RFC_SECRET, new Date(2000000000_000))).toBe('279037');
  });

  it('accepts one step either side and names the step, refuses two steps off', () => {
    const now = new Date(1_800_000_000_000);
    const step = Math.floor(now.getTime() / 30_000);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, now), now)).toBe(step);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(now.getTime() - 90_000)), now)).toBeNull();
    expect(matchingStep(RFC_SECRET, 'abcdef', now)).toBeNull();
  });

  it('reads codes typed with spaces and refuses other shapes', () => {
    expect(normaliseCode('123 456')).toBe('123456');
    expect(normaliseCode('12345')).toBeNull();
    expect(normaliseCode('１２３４５６')).toBeNull();
  });

  it('makes 160-bit secrets, an otpauth URI and groups of four', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(secret, 'ada@example.com')).toMatch(/^otpauth:\/\/totp\/Haven:ada%40example\.com\?issuer=Haven&secret=[A-Z2-7]{32}&algorithm=SHA1&digits=6&period=30$/);
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });

  it('makes ten distinct recovery codes that read back in any case', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(normaliseRecoveryCode(code.toLowerCase())).toBe(code.replace(/-/g, ''));
    expect(normaliseRecoveryCode('0000-0000-0000')).toBeNull();
    expect(normaliseRecoveryCode('x'.repeat(100))).toBeNull();
  });
});
