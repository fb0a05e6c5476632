/** Small helpers for the site's plain HTML forms (handled in page frontmatter, no JavaScript needed). */

export type FieldErrors = Record<string, string>;

/** A trimmed text value from a submitted form ('' when missing or not text). */
export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** A value that must not be trimmed (passwords). */
export function raw(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Parses the request body as a form; null when it is not one (or is too big / malformed). */
export async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/** Pages that must never be the place a log-in returns to. */
const NO_RETURN = ['/login', '/logout', '/signup'];

/**
 * The `next` return path after logging in. The value is resolved as a URL against the site's own
 * origin and kept only when the origin is unchanged and the resolved path cannot be read as
 * another host by a browser: "//evil.example", "/.//evil.example" (which resolves to
 * "//evil.example"), "/\\evil.example", "https://…", "javascript:…", and spellings that hide
 * those behind tabs, newlines or other control characters (which browsers drop) all fall back.
 * Returns a path ("/profile?tab=x#y"), never an absolute URL. No regex: `value` is user input.
 */
export function safeNext(value: string | null | undefined, origin = 'http://localhost', fallback = '/home'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (value[0] !== '/') return fallback;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    // Controls, space and backslash: browsers strip or turn them into "/" while following a redirect.
    if (code <= 0x20 || code === 0x7f || code === 0x5c) return fallback;
  }
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin || url.username || url.password) return fallback;
  const path = url.pathname;
  if (path.length < 1 || path[0] !== '/' || path[1] === '/' || path[1] === '\\') return fallback;
  const lower = path.toLowerCase();
  if (NO_RETURN.some((page) => lower === page || lower.startsWith(`${page}/`))) return fallback;
  return path + url.search + url.hash;
}

/** Turns field errors into human sentences using each field's label ("Time zone must be …"). */
export function labelled(errors: FieldErrors, labels: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    const label = labels[field];
    if (!label) continue;
    // Field messages from the CMS leave out the field ("must be at least 6 characters"): add the label.
    const sentence = /^[a-z]/.test(message) ? `${label} ${message}` : message;
    out[field] = sentence.endsWith('.') ? sentence : `${sentence}.`;
  }
  return out;
}

/**
 * An email address as the forms take it: one "@" with something before it, a dot inside the domain,
 * no white space, at most 254 characters. Written without a regex: the old pattern
 * /^[^\s@]+@[^\s@]+\.[^\s@]+$/ backtracked quadratically on a long run of dots.
 */
export function isEmailAddress(value: string): boolean {
  if (value.length < 5 || value.length > 254) return false;
  const at = value.indexOf('@');
  if (at < 1 || at !== value.lastIndexOf('@')) return false;
  for (const char of value) if (char.trim() === '') return false;
  const domain = value.slice(at + 1);
  return domain.length >= 3 && domain.slice(1, -1).includes('.');
}

// Field checks used by the site's forms and pages. Each pattern is anchored with one character class
// per part, so it runs in linear time (tests/integration/security-linear.test.ts bounds them).
const LICENCE_NUMBER = /^[A-Za-z0-9 ./-]{3,64}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const DOCUMENT_ID = /^[a-z0-9]{10,40}$/;

/** A licence number: 3 to 64 letters, digits, spaces or . / - */
export const isLicenceNumber = (value: string) => LICENCE_NUMBER.test(value);
/** A date as YYYY-MM-DD. */
export const isIsoDate = (value: string) => ISO_DATE.test(value);
/** An ISO 4217 code such as USD. */
export const isCurrencyCode = (value: string) => CURRENCY_CODE.test(value);
/** A Strapi document id (lower-case letters and digits). */
export const isDocumentId = (value: string) => DOCUMENT_ID.test(value);
