/**
 * One way to count and check text everywhere (site forms, CMS validation, zod): Unicode code points.
 * zod 4 measures `.max()` in code points too, so a limit said here means the same thing there.
 */

/** Code points in `value` ("😀" is 1, "é" as e + combining accent is 2). Linear, no regex. */
export function codePointLength(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
    count += 1;
  }
  return count;
}

/** Well-formed Unicode: no lone surrogate ("\ud800"), which hashing and many libraries choke on. */
export function isWellFormed(value: string): boolean {
  return (value as string & { isWellFormed(): boolean }).isWellFormed();
}

/** A password Haven accepts for hashing: a well-formed string of 1 to PASSWORD_MAX_LENGTH code points. */
export const PASSWORD_MAX_LENGTH = 128;

/** Why `value` cannot be a password, or null. Cheap: checked before any hashing. */
export function passwordProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be text';
  if (value.length === 0) return 'is required';
  // More than twice the limit in UTF-16 units is over the limit whatever the text is.
  if (value.length > PASSWORD_MAX_LENGTH * 2 || codePointLength(value) > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (!isWellFormed(value)) return 'contains characters that are not valid text';
  return null;
}

/** "https://x.example///" → "https://x.example", in linear time (/\/+$/ is quadratic on long runs of "/"). */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x2f) end -= 1;
  return value.slice(0, end);
}
