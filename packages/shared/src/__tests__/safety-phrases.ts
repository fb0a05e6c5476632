/**
 * The real phrase lists of config/crisis/phrases, read as the safety plugin reads them (every locale's
 * list together), for the shared module's tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compilePhrases, type CompiledPhrases } from '../safety';

export const PHRASES_DIR = path.resolve(__dirname, '../../../../config/crisis/phrases');

export interface PhraseFile {
  $comment?: string;
  locale: string;
  sources: Array<{ name: string; url?: string; note?: string }>;
  phrases: string[];
}

export function phraseFiles(): PhraseFile[] {
  return fs
    .readdirSync(PHRASES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(PHRASES_DIR, f), 'utf8')) as PhraseFile);
}

/** Every locale's list compiled together, as plugins/safety's screening service does. */
export const realPhrases = (): CompiledPhrases => compilePhrases([...new Set(phraseFiles().flatMap((f) => f.phrases))]);
