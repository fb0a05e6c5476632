/**
 * Plain text that people write for other people to read (payment instructions, a mark's note): one
 * normal form, so that what is stored is exactly what every page, mail and receipt shows. Line breaks
 * are kept (bank details are written on lines); other control characters, which no reader can see
 * and which could fake layout in a mail, are dropped. Every pattern is a single character class:
 * linear on any input. Pure module.
 */

/** Normalised text, or null when nothing visible is left (an empty box clears the instructions). */
export function plainText(raw: string): string | null {
  const text = raw
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    // C0 and C1 controls except the line break, and the invisible direction overrides.
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  return text ? text : null;
}

/** The lines to show, one per line break (the site and the mails escape each line and join them with <br>). */
export const linesOf = (text: string): string[] => text.split('\n');
