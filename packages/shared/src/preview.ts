/**
 * Editors' preview tokens: the CMS's preview handler signs one for a single draft document, the site
 * checks it before rendering the draft, and the CMS checks it again before handing the draft over.
 * A token is `<documentId>.<expiresAt seconds>.<HMAC-SHA256 signature>` (base64url), signed with
 * PREVIEW_SECRET, which only the CMS and the site hold. It names its document (a token for one
 * draft opens no other) and expires within minutes, so a copied preview address soon stops working;
 * no long-lived credential ever travels in a URL. Web Crypto only: the same module runs in the CMS
 * (Node) and in the site's server.
 */

/** How long a preview address works after the editor opens the preview. */
export const PREVIEW_TTL_SECONDS = 10 * 60;
/** The shortest PREVIEW_SECRET accepted (a guessable secret would let anyone read drafts). */
export const PREVIEW_SECRET_MIN_LENGTH = 32;
/** The header the site sends the token to the CMS in (headers stay out of request logs, query strings may not). */
export const PREVIEW_TOKEN_HEADER = 'x-haven-preview-token';

export type PreviewCheck = { ok: true } | { ok: false; status: 401 | 403; reason: 'malformed' | 'forged' | 'expired' | 'other-document' };

const DOCUMENT_ID = /^[A-Za-z0-9]{1,64}$/;
const encoder = new TextEncoder();

function base64url(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '=');
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function keyOf(secret: string) {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** Whether a configured secret is long enough to sign previews with. */
export function isPreviewSecret(secret: string | undefined | null): secret is string {
  return typeof secret === 'string' && secret.length >= PREVIEW_SECRET_MIN_LENGTH;
}

/** A token opening `documentId`'s draft until `nowSeconds + ttlSeconds`. */
export async function signPreviewToken(secret: string, documentId: string, options: { nowSeconds?: number; ttlSeconds?: number } = {}): Promise<string> {
  if (!DOCUMENT_ID.test(documentId)) throw new Error('signPreviewToken: not a document id');
  const expiresAt = Math.floor(options.nowSeconds ?? Date.now() / 1000) + (options.ttlSeconds ?? PREVIEW_TTL_SECONDS);
  const payload = `${documentId}.${expiresAt}`;
  const signature = await crypto.subtle.sign('HMAC', await keyOf(secret), encoder.encode(payload));
  return `${payload}.${base64url(signature)}`;
}

/**
 * Checks a token for `documentId`: 401 when it is malformed, not signed with `secret` or expired,
 * 403 when it is genuine but opens another document. The signature is compared by Web Crypto's
 * verify (constant time).
 */
export async function checkPreviewToken(secret: string, token: string | null | undefined, documentId: string, nowSeconds = Date.now() / 1000): Promise<PreviewCheck> {
  const parts = typeof token === 'string' && token.length <= 200 ? token.split('.') : [];
  const signature = parts.length === 3 ? fromBase64url(parts[2]) : null;
  if (!signature || !DOCUMENT_ID.test(parts[0]) || !/^\d{1,12}$/.test(parts[1])) return { ok: false, status: 401, reason: 'malformed' };
  const genuine = await crypto.subtle.verify('HMAC', await keyOf(secret), signature, encoder.encode(`${parts[0]}.${parts[1]}`));
  if (!genuine) return { ok: false, status: 401, reason: 'forged' };
  if (Number(parts[1]) <= nowSeconds) return { ok: false, status: 401, reason: 'expired' };
  if (parts[0] !== documentId) return { ok: false, status: 403, reason: 'other-document' };
  return { ok: true };
}
