import type { Core } from '@strapi/strapi';
import { safety } from '@haven/plugin-safety/public';
import type { CrisisResources } from '@haven/shared/safety';

export type { CrisisResources } from '@haven/shared/safety';
export { preferredLocale } from '@haven/shared/locale';

/** Crisis language and lines come from the safety plugin (one path for every place a person writes). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  void strapi;
  return {
    /** Lines for a locale: exact tag, then region, then language, then the clinic's default. */
    resourcesFor: (locale: string | null | undefined): CrisisResources => safety.crisisLines(locale ?? null),
  };
};
