import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { compilePhrases, screenText, type CompiledPhrases, type TextScreening } from '@haven/shared/safety';
import { config } from '../get-service';
import { readJson } from './lines';

/** One locale's phrase list: the phrases and where they come from. */
export const phraseFile = z
  .object({
    $comment: z.string().optional(),
    locale: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/),
    sources: z.array(z.object({ name: z.string().min(1), url: z.string().url().optional(), note: z.string().optional() }).strict()).min(1),
    phrases: z.array(z.string().min(2)).min(1),
  })
  .strict();

/** What screening several texts (a title and a body, a message) found, together and text by text. */
export interface Screening {
  crisis: boolean;
  /** Distinct phrase-list entries found in any text. */
  phrases: string[];
  /** One result per text, in the order given (ranges are offsets of that text). */
  texts: TextScreening[];
}

/**
 * Crisis-language screening. Every locale's list is read at start and matched together: a person may
 * write in another language than the page's, and over-matching only surfaces help.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let compiled: CompiledPhrases | null = null;
  let locales: string[] = [];

  const service = {
    load() {
      const dir = path.resolve(strapi.dirs.app.root, '..', config().phrasesDir);
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
      if (!files.length) throw new Error(`[safety] no phrase list (<locale>.json) in ${dir}`);
      const lists = files.map((f) => readJson(strapi, path.join(config().phrasesDir, f), phraseFile));
      locales = lists.map((l) => l.locale);
      compiled = compilePhrases([...new Set(lists.flatMap((l) => l.phrases))]);
    },

    /** The locales whose phrase lists are loaded. */
    locales(): string[] {
      if (!compiled) service.load();
      return locales;
    },

    /** Screens each text as people read it; `crisis` when any text matched. */
    screen(texts: string | readonly string[]): Screening {
      if (!compiled) service.load();
      const results = (typeof texts === 'string' ? [texts] : texts).map((t) => screenText(t, compiled!));
      const phrases = [...new Set(results.flatMap((r) => r.phrases))];
      return { crisis: phrases.length > 0, phrases, texts: results };
    },
  };
  return service;
};
