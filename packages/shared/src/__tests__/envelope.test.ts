import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvelopeError, createEnvelope, formatKeyring, generateMasterKey, keyringFromEnv, parseKeyring } from '../server/envelope';

const keyA = generateMasterKey();
const keyB = generateMasterKey();
const ringV1 = parseKeyring(`1:${keyA}`);
const ringV2WithV1 = parseKeyring(`2:${keyB},1:${keyA}`);
const ringV2Only = parseKeyring(`2:${keyB}`);

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(EnvelopeError);
    return (err as EnvelopeError).code;
  }
}

/** Flips one bit of the byte at `index` of a base64url payload (after an optional prefix). */
function flip(text: string, index: number, prefix = ''): string {
  const bytes = Buffer.from(text.slice(prefix.length), 'base64url');
  bytes[index] ^= 0x01;
  return prefix + bytes.toString('base64url');
}

describe('keyring configuration', () => {
  it('takes the first listed key as current and keeps every version for unwrapping', () => {
    expect(ringV2WithV1.current.version).toBe(2);
    expect([...ringV2WithV1.byVersion.keys()]).toEqual([2, 1]);
    // The order, not the number, says which is current: a new key can be added for reading first.
    const addFirst = parseKeyring(`1:${keyA},2:${keyB}`);
    expect(addFirst.current.version).toBe(1);
  });

  it('reads a lone base64 key as version 1', () => {
    const ring = parseKeyring(keyA);
    expect(ring.current.version).toBe(1);
    expect(ring.current.key.equals(Buffer.from(keyA, 'base64'))).toBe(true);
  });

  it('refuses keys that are not 32 bytes of clean base64, bad versions and duplicates', () => {
    expect(codeOf(() => parseKeyring(crypto.randomBytes(16).toString('base64')))).toBe('bad-config');
    expect(codeOf(() => parseKeyring(`1:${keyA.slice(0, -2)}!!`))).toBe('bad-config');
    expect(codeOf(() => parseKeyring(`0:${keyA}`))).toBe('bad-config');
    expect(codeOf(() => parseKeyring(`x:${keyA}`))).toBe('bad-config');
    expect(codeOf(() => parseKeyring(`1:${keyA},1:${keyB}`))).toBe('bad-config');
    expect(codeOf(() => parseKeyring(`${keyA},2:${keyB}`))).toBe('bad-config');
    expect(codeOf(() => parseKeyring(' , '))).toBe('bad-config');
  });

  it('never puts key material in its messages', () => {
    try {
      parseKeyring(`1:${keyA}x`, 'WELLNESS_MASTER_KEYS');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain('WELLNESS_MASTER_KEYS');
      expect((err as Error).message).not.toContain(keyA.slice(0, 10));
    }
  });

  it('reads PREFIX_MASTER_KEYS or PREFIX_MASTER_KEY from the environment, not both', () => {
    expect(keyringFromEnv('WELLNESS', {})).toBeNull();
    expect(keyringFromEnv('WELLNESS', { WELLNESS_MASTER_KEY: keyA })?.current.version).toBe(1);
    expect(keyringFromEnv('WELLNESS', { WELLNESS_MASTER_KEY: `3:${keyA}` })?.current.version).toBe(3);
    expect(keyringFromEnv('WELLNESS', { WELLNESS_MASTER_KEYS: `2:${keyB},1:${keyA}` })?.byVersion.size).toBe(2);
    expect(codeOf(() => keyringFromEnv('WELLNESS', { WELLNESS_MASTER_KEYS: `1:${keyA}`, WELLNESS_MASTER_KEY: keyA }))).toBe('bad-config');
    expect(codeOf(() => keyringFromEnv('WELLNESS', { WELLNESS_MASTER_KEY: `2:${keyB},1:${keyA}` }))).toBe('bad-config');
    expect(formatKeyring([ringV2WithV1.current, { version: 1, key: Buffer.from(keyA, 'base64') }])).toBe(`2:${keyB},1:${keyA}`);
  });
});

describe('sealing content', () => {
  const envelope = createEnvelope(ringV1, 'haven.test');

  it('round-trips text, including non-ASCII and empty strings, with a fresh IV each time', () => {
    const { sealer } = envelope.newDataKey('user:1');
    for (const text of ['I slept well and walked by the sea.', 'Ça va — 今日は 🌧️', '']) {
      const sealed = sealer.encrypt(text, 'entry:2024-03-05');
      expect(sealed.startsWith('hv1.')).toBe(true);
      expect(sealed).not.toContain(text || '\u0000');
      expect(sealer.decrypt(sealed, 'entry:2024-03-05')).toBe(text);
    }
    expect(sealer.encrypt('same', 'r')).not.toBe(sealer.encrypt('same', 'r'));
  });

  it('never repeats an IV, across many refills of the IV pool', () => {
    const { sealer } = envelope.newDataKey('user:1');
    const ivs = new Set<string>();
    // 4,096 IVs per pool: this crosses five refills.
    for (let i = 0; i < 20_000; i++) ivs.add(Buffer.from(sealer.encrypt('x', 'r').slice(4), 'base64url').subarray(0, 12).toString('hex'));
    expect(ivs.size).toBe(20_000);
  });

  it('detects any changed byte: IV, tag or body', () => {
    const { sealer } = envelope.newDataKey('user:1');
    const sealed = sealer.encrypt('private words', 'entry:2024-03-05');
    const bodyLength = Buffer.from(sealed.slice(4), 'base64url').length;
    for (const index of [0, 11, 12, 27, 28, bodyLength - 1]) {
      expect(codeOf(() => sealer.decrypt(flip(sealed, index, 'hv1.'), 'entry:2024-03-05'))).toBe('tampered');
    }
    expect(codeOf(() => sealer.decrypt(sealed.slice(0, -3), 'entry:2024-03-05'))).toBe('tampered');
    expect(codeOf(() => sealer.decrypt(sealed.slice(0, 20), 'entry:2024-03-05'))).toBe('malformed');
    expect(codeOf(() => sealer.decrypt('hv1.AAAA', 'entry:2024-03-05'))).toBe('malformed');
    expect(codeOf(() => sealer.decrypt('plain text', 'entry:2024-03-05'))).toBe('malformed');
    expect(codeOf(() => sealer.decrypt('hv1.not base64!', 'entry:2024-03-05'))).toBe('malformed');
  });

  it('binds a ciphertext to its record: copied to another date it does not open', () => {
    const { sealer } = envelope.newDataKey('user:1');
    const sealed = sealer.encrypt('Monday', 'entry:2024-03-04');
    expect(codeOf(() => sealer.decrypt(sealed, 'entry:2024-03-05'))).toBe('tampered');
  });

  it('binds a ciphertext to its owner and feature, even under the same data key', () => {
    const first = envelope.newDataKey('user:1');
    const sealed = first.sealer.encrypt('mine', 'entry:2024-03-04');
    // The same wrapped key presented as another owner's does not unwrap (owner is in the wrap's AAD)…
    expect(codeOf(() => envelope.sealerFor('user:2', first.wrapped))).toBe('tampered');
    // …and another feature's envelope with the same master key refuses it too.
    const chat = createEnvelope(ringV1, 'haven.chat');
    expect(codeOf(() => chat.sealerFor('user:1', first.wrapped))).toBe('tampered');
    // Another owner's own key does not open it either.
    const second = envelope.newDataKey('user:2');
    expect(codeOf(() => second.sealer.decrypt(sealed, 'entry:2024-03-04'))).toBe('tampered');
  });

  it('opens content through a stored wrapped key, and refuses a tampered wrapped key', () => {
    const { sealer, wrapped } = envelope.newDataKey('user:7');
    const sealed = sealer.encrypt('kept', 'entry:2024-01-01');
    expect(envelope.sealerFor('user:7', wrapped).decrypt(sealed, 'entry:2024-01-01')).toBe('kept');
    expect(codeOf(() => envelope.sealerFor('user:7', { ...wrapped, wrapped: flip(wrapped.wrapped, 20) }))).toBe('tampered');
    // Claiming another version for the same bytes fails too: the version is authenticated.
    const both = createEnvelope(ringV2WithV1, 'haven.test');
    expect(codeOf(() => both.sealerFor('user:7', { ...wrapped, version: 2 }))).toBe('tampered');
  });

  it('rejects owners and contexts that are not short names', () => {
    expect(codeOf(() => envelope.newDataKey('user 1|x'))).toBe('bad-config');
    expect(codeOf(() => createEnvelope(ringV1, 'Haven Wellness'))).toBe('bad-config');
  });
});

describe('master key rotation', () => {
  it('re-wraps data keys under the new master key; content written before stays readable', () => {
    const before = createEnvelope(ringV1, 'haven.wellness');
    const { sealer, wrapped } = before.newDataKey('user:3');
    const sealed = sealer.encrypt('written under v1', 'entry:2023-12-31');
    expect(wrapped.version).toBe(1);

    // During the rotation the process holds both keys: old wrapped keys still open.
    const during = createEnvelope(ringV2WithV1, 'haven.wellness');
    expect(during.currentVersion).toBe(2);
    expect(during.needsRewrap(wrapped)).toBe(true);
    expect(during.sealerFor('user:3', wrapped).decrypt(sealed, 'entry:2023-12-31')).toBe('written under v1');
    const rewrapped = during.rewrap('user:3', wrapped);
    expect(rewrapped.version).toBe(2);
    expect(during.needsRewrap(rewrapped)).toBe(false);
    expect(during.rewrap('user:3', rewrapped)).toBe(rewrapped);

    // After it, the old master key can go: the content itself was never re-encrypted.
    const after = createEnvelope(ringV2Only, 'haven.wellness');
    expect(after.sealerFor('user:3', rewrapped).decrypt(sealed, 'entry:2023-12-31')).toBe('written under v1');
    expect(codeOf(() => after.sealerFor('user:3', wrapped))).toBe('unknown-key-version');
  });

  it('new data keys are wrapped by the current key', () => {
    expect(createEnvelope(ringV2WithV1, 'haven.wellness').newDataKey('user:1').wrapped.version).toBe(2);
  });
});
