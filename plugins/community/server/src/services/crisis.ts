import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { CrisisResources } from '@haven/shared/community';
import { bestLocale } from '@haven/shared/locale';
import { matchPhrases } from '../lib/matching';
import { crisisResourcesView } from '../views';

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

export type { CrisisResources } from '@haven/shared/community';
export { preferredLocale } from '@haven/shared/locale';

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

    /** Crisis phrases found in any of the texts (empty when none). */
    detect(texts: string | string[]): string[] {
      if (!resources) service.load();
      return matchPhrases(texts, phrases);
    },

    /** Lines for a locale: exact tag, then region, then language, then the default entry. */
    resourcesFor(locale: string | null | undefined): CrisisResources {
      if (!resources) service.load();
      const file = resources!;
      // The file's entry is a record here: the answer is picked from it, so a field the file grows stays private.
      const answer = (key: string): CrisisResources => crisisResourcesView.pick({ locale: locale ?? null, matched: key, ...(key === 'default' ? file.default : file.locales[key]), more: file.more });
      return answer(bestLocale(locale, Object.keys(file.locales)) ?? 'default');
    },
  };
  return service;
};
