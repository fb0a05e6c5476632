import { describe, expect, it } from 'vitest';
import { checkPreviewToken, isPreviewSecret, PREVIEW_TTL_SECONDS, signPreviewToken } from '../preview';

const SECRET = 'a-preview-secret-long-enough-0123456789';
const DOC = 'abcdefghij0123456789klmn';

describe('preview tokens', () => {
  it('opens the document it was signed for until it expires', async () => {
    const now = 1_800_000_000;
    const token = await signPreviewToken(SECRET, DOC, { nowSeconds: now });
    expect(token.split('.')[1]).toBe(String(now + PREVIEW_TTL_SECONDS));
    expect(await checkPreviewToken(SECRET, token, DOC, now + 1)).toEqual({ ok: true });
    expect(await checkPreviewToken(SECRET, token, DOC, now + PREVIEW_TTL_SECONDS)).toMatchObject({ ok: false, status: 401, reason: 'expired' });
  });

  it('refuses another document (403), another secret, a changed expiry and malformed tokens (401)', async () => {
    const token = await signPreviewToken(SECRET, DOC);
    expect(await checkPreviewToken(SECRET, token, 'zzzzzzzzzz0123456789zzzz')).toMatchObject({ status: 403, reason: 'other-document' });
    expect(await checkPreviewToken(`${SECRET}x`, token, DOC)).toMatchObject({ status: 401, reason: 'forged' });
    const [doc, expiry, signature] = token.split('.');
    expect(await checkPreviewToken(SECRET, `${doc}.${Number(expiry) + 3600}.${signature}`, DOC)).toMatchObject({ status: 401, reason: 'forged' });
    for (const bad of [null, '', 'x', `${doc}.${expiry}`, `${doc}.soon.${signature}`, `${doc}.${expiry}.${signature}=`, `${token}.extra`, 'a'.repeat(500)]) {
      expect(await checkPreviewToken(SECRET, bad, DOC), String(bad)).toMatchObject({ ok: false, status: 401, reason: 'malformed' });
    }
  });

  it('needs a secret of at least 32 characters and a document id to sign', async () => {
    expect(isPreviewSecret('short')).toBe(false);
    expect(isPreviewSecret(undefined)).toBe(false);
    expect(isPreviewSecret(SECRET)).toBe(true);
    await expect(signPreviewToken(SECRET, '../etc')).rejects.toThrow();
  });
});
