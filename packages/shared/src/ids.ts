/** The shapes of identifiers in URLs, checked the same way by the site and the plugins. */

/** A category (or other) slug: "anxiety-support". Linear: the groups are separated by single hyphens. */
// Linear: a "-" must separate the runs, so every character belongs to exactly one place in a match
// (no two ways to split a run for the engine to retry). Callers still check SLUG_MAX first.
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 80;
export const isSlug = (value: unknown): value is string => typeof value === 'string' && value.length <= SLUG_MAX && SLUG_PATTERN.test(value);

/** A Strapi documentId as the APIs hand them out. */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;
export const isDocumentId = (value: unknown): value is string => typeof value === 'string' && DOCUMENT_ID_PATTERN.test(value);
