/** The safety plugin's public crisis lines, for pages that show them without a write (after sign-up). */
import type { CrisisResources } from '@haven/shared/safety';
import { preferredLocale } from '@haven/shared/locale';
import { cms } from './cms';

/** The visitor's preferred language (Accept-Language), for the lines of their country. */
export const requestLocale = (request: Request): string | null => preferredLocale(request.headers.get('accept-language'));

/** Crisis lines for a locale, or null when the CMS cannot answer (the page then shows its own fallback). */
export async function crisisLines(locale: string | null): Promise<CrisisResources | null> {
  const result = await cms<{ data: CrisisResources }>(locale ? `/api/safety/lines?locale=${encodeURIComponent(locale)}` : '/api/safety/lines');
  return result.ok ? result.data.data : null;
}
