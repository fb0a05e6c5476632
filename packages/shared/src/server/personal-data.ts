/**
 * A person's own data (issue 20): every plugin that holds anything about a site account publishes one
 * `personalData` hook on its public contract, and the privacy plugin (layer 4) calls them all, in
 * ERASURE_ORDER, for an export (GDPR art. 15 and 20, HIPAA right of access) or an erasure (art. 17).
 * A plugin answers only for its own tables and files; it never reads another plugin's.
 */

/** JSON-safe sections of one plugin's part of an export: section name → rows (or one object). */
export type PersonalDataSections = Record<string, unknown>;

/** What the person chose for their community posts and replies when they asked to be erased. */
export type CommunityChoice = 'erase' | 'keep-as-former-member';

export interface ErasureRequest {
  userId: number;
  /** Posts and replies erased, or kept under "Former member" with the alias link destroyed either way. */
  community: CommunityChoice;
  /** The instant the erasure runs (tests pass a fixed one); "upcoming" sessions are those after it. */
  now: Date;
}

/** What one plugin did: rows (or files) erased per kind, and what it kept, each with the reason the law or the other person gives. */
export interface ErasureOutcome {
  erased: Record<string, number>;
  kept: Record<string, { count: number; why: string }>;
}

export interface PersonalDataHook {
  /**
   * Everything this plugin holds about the account, for the person themselves: sensitive text
   * decrypted, other people named by display name only (never their account ids, emails or aliases),
   * secrets (token hashes, keys, TOTP secrets) and addresses of private feeds redacted.
   */
  export(userId: number): Promise<PersonalDataSections>;
  /** Erases or strips what this plugin holds about the account. Idempotent: a second call erases nothing more and does not throw. */
  erase(request: ErasureRequest): Promise<ErasureOutcome>;
  /**
   * Only for plugins whose erasure keeps records by law (booking, payments): deletes the kept records
   * of erased people whose retention ended before `before` (ACCOUNTING_RETENTION_YEARS); counts per kind.
   */
  expireKept?(before: Date): Promise<Record<string, number>>;
}

/**
 * The order the privacy plugin erases in: booking first (upcoming sessions cancelled by policy, so
 * payments sees the refunds), then payments (kept for accounting law, stripped), then everything
 * written by the person, then the sign-in records and the profile; the account row itself last.
 */
export const ERASURE_ORDER = ['booking', 'payments', 'chat', 'wellness', 'community', 'library', 'applications', 'identity', 'people'] as const;
export type PersonalDataPlugin = (typeof ERASURE_ORDER)[number];

/** An outcome with nothing in it, for a plugin that found nothing of the account. */
export const nothingErased = (): ErasureOutcome => ({ erased: {}, kept: {} });
