/**
 * Text matching for crisis language and watched words: case-insensitive, on whole words, tolerant
 * of apostrophes (don't = dont = don’t), hyphens and punctuation ("self-harm" = "self harm").
 */
export function normalise(text: string): string {
  return ` ${text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`´ʼ]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** Phrases of `phrases` found as whole words in `text` (both normalised the same way). */
export function matchPhrases(text: string, phrases: string[]): string[] {
  const haystack = normalise(text);
  return phrases.filter((phrase) => {
    const needle = normalise(phrase);
    return needle.trim().length > 0 && haystack.includes(needle);
  });
}
