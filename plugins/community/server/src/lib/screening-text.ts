import { withoutInvisible } from '@haven/shared/safety';
import { plainTextOf } from './render';

/**
 * What screening reads of a post or reply: the title as shown (plain text: an entity there is shown as
 * typed, so it is not decoded) and the body as rendered (Markdown → sanitised HTML → text), never the
 * raw Markdown, where "d**ie**" or "&#100;ie" hide words the page shows. A word split by a line break
 * reads as one word, so the body is read both ways: with line breaks as spaces, and joined.
 */
export function screeningTexts(input: { title?: string; bodyHtml: string }): string[] {
  const title = input.title ? `${withoutInvisible(input.title)}\n` : '';
  // Invisible characters go first: some (U+FEFF) count as white space and would split a word.
  const html = withoutInvisible(input.bodyHtml);
  const spaced = plainTextOf(html);
  const joined = plainTextOf(html, { joinLines: true });
  return joined === spaced ? [`${title}${spaced}`] : [`${title}${spaced}`, `${title}${joined}`];
}
