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

/**
 * The `next` return path after logging in: only a path on this site ("/profile?tab=x"), never another
 * origin ("//evil.example", "https://…", "/\\evil.example") and never back to log-in or log-out.
 */
export function safeNext(value: string | null | undefined, fallback = '/profile'): string {
  if (!value || typeof value !== 'string' || value.length > 512) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const base = 'http://haven.invalid';
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    if (/^\/(login|logout|signup)(\/|$)/.test(url.pathname)) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
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

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
