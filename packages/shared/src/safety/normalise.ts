import { readableOf } from './shape';
import { tokensOf, unitsOf } from './tokens';

/**
 * The text as its words read them, space-separated, with a space at each end: folded, digits and
 * symbols inside words read as letters ("K1ll" → "kill"), masks and punctuation dropped. What two
 * watched words are compared by; not what matching compares (that is the skeleton, see shape.ts).
 */
export function normalise(text: string): string {
  const units = unitsOf(text);
  const words: string[] = [];
  for (const t of tokensOf(units)) {
    if (!t.wordy) {
      words.push(t.digits);
      continue;
    }
    let word = '';
    for (let j = t.first; j < t.last; j++) word += readableOf(units.char(j), units.kind(j));
    words.push(word);
  }
  return ` ${words.join(' ')} `;
}
