/** The visitor's language, from an Accept-Language header (crisis lines follow it). */

/** A BCP 47-ish language tag: "en", "en-GB", "pt-BR", "zh-Hant-TW" (underscores accepted and turned into hyphens). */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
export const LANGUAGE_TAG_MAX = 35;

/**
 * The most preferred language tag of an Accept-Language header ("en-GB"), by quality then order, or
 * null. At most the first 20 entries are read and each tag is checked for shape and length, so a
 * hostile header costs little.
 */
export function preferredLocale(header: string | null | undefined): string | null {
  if (!header) return null;
  const tags = header
    .slice(0, 2000)
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().replace(/_/g, '-'), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((t) => t.tag.length <= LANGUAGE_TAG_MAX && LANGUAGE_TAG.test(t.tag) && Number.isFinite(t.q) && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return tags[0]?.tag ?? null;
}

/** Splits "en-GB" / "en_gb" / "IE" into language and region. */
export function localeParts(tag: string): { language: string | null; region: string | null } {
  const pieces = tag.replace(/_/g, '-').split('-');
  if (pieces.length === 1) return /^[A-Z]{2}$/.test(pieces[0]) ? { language: null, region: pieces[0] } : { language: pieces[0].toLowerCase(), region: null };
  const region = pieces.slice(1).find((p) => /^[A-Za-z]{2}$/.test(p));
  return { language: pieces[0].toLowerCase(), region: region ? region.toUpperCase() : null };
}

/**
 * The best of `available` keys ("en-GB", "IE", "fr") for a wanted locale: the exact tag, then the
 * same region (same language first, then a region-only key), then the language alone; null when none fits.
 */
export function bestLocale(wanted: string | null | undefined, available: string[]): string | null {
  if (!wanted) return null;
  const exact = available.find((k) => k.toLowerCase() === wanted.replace(/_/g, '-').toLowerCase());
  if (exact) return exact;
  const parts = localeParts(wanted);
  if (parts.region) {
    const sameRegion = available.filter((k) => localeParts(k).region === parts.region);
    const best = sameRegion.find((k) => localeParts(k).language === parts.language) ?? sameRegion.find((k) => localeParts(k).language === null) ?? sameRegion[0];
    if (best) return best;
  }
  if (parts.language) return available.find((k) => k === parts.language) ?? null;
  return null;
}
