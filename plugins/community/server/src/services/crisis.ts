import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { matchPhrases } from '../lib/matching';

const line = z
  .object({
    name: z.string().min(1),
    phone: z.string().optional(),
    text: z.string().optional(),
    url: z.string().url().optional(),
    hours: z.string().optional(),
    description: z.string().optional(),
  })
  .strict();
const entry = z
  .object({ country: z.string().nullable(), emergency: z.string().min(1), message: z.string().min(1), lines: z.array(line).min(1) })
  .strict();
const resourcesFile = z
  .object({
    $comment: z.string().optional(),
    more: z.object({ name: z.string(), url: z.string().url(), description: z.string().optional() }).strict(),
    default: entry,
    locales: z.record(z.string().regex(/^([a-z]{2,3}(-[A-Z]{2})?|[A-Z]{2})$/), entry),
  })
  .strict();
const languageFile = z.object({ $comment: z.string().optional(), phrases: z.array(z.string().min(2)).min(1) }).strict();

type Entry = z.infer<typeof entry>;
export interface CrisisResources extends Entry {
  /** The locale asked for, and the key of the entry that answered it ("default" when none matched). */
  locale: string | null;
  matched: string;
  more: z.infer<typeof resourcesFile>['more'];
}

/** Splits "en-GB" / "en_gb" / "IE" into language and region. */
function partsOf(tag: string): { language: string | null; region: string | null } {
  const pieces = tag.replace(/_/g, '-').split('-');
  if (pieces.length === 1) return /^[A-Z]{2}$/.test(pieces[0]) ? { language: null, region: pieces[0] } : { language: pieces[0].toLowerCase(), region: null };
  const region = pieces.slice(1).find((p) => /^[A-Za-z]{2}$/.test(p));
  return { language: pieces[0].toLowerCase(), region: region ? region.toUpperCase() : null };
}

/** The first language tag of an Accept-Language header, by quality. */
export function preferredLocale(header: string | undefined): string | null {
  if (!header) return null;
  const tags = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((t) => /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(t.tag) && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return tags[0]?.tag ?? null;
}

/**
 * Crisis lines by locale and crisis-language detection, from config/crisis/ at the repository root:
 * resources.json (lines per locale) and language.json (phrases). Both are checked when Strapi starts.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let resources: z.infer<typeof resourcesFile> | null = null;
  let phrases: string[] = [];
  const dir = () => path.join(strapi.dirs.app.root, '..', 'config', 'crisis');

  function read<T extends z.ZodTypeAny>(file: string, schema: T): z.infer<T> {
    const full = path.join(dir(), file);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch (err) {
      throw new Error(`[community] cannot read ${full}: ${(err as Error).message}`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new Error(`[community] ${full} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    return parsed.data;
  }

  const service = {
    load() {
      resources = read('resources.json', resourcesFile);
      phrases = read('language.json', languageFile).phrases;
    },

    /** Crisis phrases found in a text (empty when none). */
    detect(text: string): string[] {
      if (!resources) service.load();
      return matchPhrases(text, phrases);
    },

    /** Lines for a locale: exact tag, then region, then language, then the default entry. */
    resourcesFor(locale: string | null | undefined): CrisisResources {
      if (!resources) service.load();
      const file = resources!;
      const keys = Object.keys(file.locales);
      const answer = (key: string): CrisisResources => ({ locale: locale ?? null, matched: key, ...(key === 'default' ? file.default : file.locales[key]), more: file.more });
      if (!locale) return answer('default');
      const wanted = partsOf(locale);
      const exact = keys.find((k) => k.toLowerCase() === locale.replace(/_/g, '-').toLowerCase());
      if (exact) return answer(exact);
      if (wanted.region) {
        const sameRegion = keys.filter((k) => partsOf(k).region === wanted.region);
        const best = sameRegion.find((k) => partsOf(k).language === wanted.language) ?? sameRegion.find((k) => partsOf(k).language === null) ?? sameRegion[0];
        if (best) return answer(best);
      }
      if (wanted.language) {
        const languageOnly = keys.find((k) => k === wanted.language);
        if (languageOnly) return answer(languageOnly);
      }
      return answer('default');
    },
  };
  return service;
};
