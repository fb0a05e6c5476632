/**
 * Tidying of what members type, in linear time whatever they send: no regular expression here can
 * backtrack (each is a character class or a single run, replaced globally), and trailing space is cut
 * with trimEnd(), never /\s+$/ (quadratic on a long run of spaces that is not at the end).
 */

// Control characters other than tab and newline, and invisible format characters, never belong in a post.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const LINE_ENDINGS = /\r\n?/g;
const SPACE_RUNS = /\s+/g;

/** One line of plain text: control characters out, runs of white space folded into one space, trimmed. */
export function tidyLine(value: string): string {
  return value.replace(CONTROL, '').replace(SPACE_RUNS, ' ').trim();
}

/**
 * A Markdown body as its author wrote it: line endings made \n, control characters out, trailing white
 * space cut, and leading blank lines dropped (the indentation of the first line with text is kept).
 */
export function tidyBody(value: string): string {
  const text = value.replace(LINE_ENDINGS, '\n').replace(CONTROL, '').trimEnd();
  const firstText = text.length - text.trimStart().length;
  const lastBlankLineEnd = text.lastIndexOf('\n', firstText - 1);
  return firstText > 0 && lastBlankLineEnd >= 0 ? text.slice(lastBlankLineEnd + 1) : text;
}
