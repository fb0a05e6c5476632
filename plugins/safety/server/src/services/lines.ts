import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { bestLocale } from '@haven/shared/locale';
import type { CrisisResources } from '@haven/shared/safety';
import { config } from '../get-service';

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
export const linesFile = z
  .object({
    $comment: z.string().optional(),
    more: z.object({ name: z.string(), url: z.string().url(), description: z.string().optional() }).strict(),
    default: entry,
    locales: z.record(z.string().regex(/^([a-z]{2,3}(-[A-Z]{2})?|[A-Z]{2})$/), entry),
  })
  .strict();

/** Reads and checks one JSON file of config/crisis/ (or wherever the settings point); throws a sentence naming the file. */
export function readJson<T extends z.ZodTypeAny>(strapi: Core.Strapi, file: string, schema: T): z.infer<T> {
  const full = path.resolve(strapi.dirs.app.root, '..', file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (err) {
    throw new Error(`[safety] cannot read ${full}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`[safety] ${full} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Crisis lines by locale, from the clinic's lines file (checked when Strapi starts). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let file: z.infer<typeof linesFile> | null = null;

  const service = {
    load() {
      file = readJson(strapi, config().linesFile, linesFile);
    },

    /** Locales with their own entry (the rest get the default). */
    locales(): string[] {
      if (!file) service.load();
      return Object.keys(file!.locales);
    },

    /** Lines for a locale: exact tag, then region, then language, then the default entry. */
    resourcesFor(locale: string | null | undefined): CrisisResources {
      if (!file) service.load();
      const loaded = file!;
      const key = bestLocale(locale, Object.keys(loaded.locales)) ?? 'default';
      const chosen = key === 'default' ? loaded.default : loaded.locales[key];
      // Picked field by field: a field the file grows stays private until it is added here.
      return {
        locale: locale ?? null,
        matched: key,
        country: chosen.country,
        emergency: chosen.emergency,
        message: chosen.message,
        lines: chosen.lines.map((l) => ({ ...l })),
        more: { ...loaded.more },
      };
    },
  };
  return service;
};
