/**
 * Erasing one's account (issue 20): what the site sends and reads, shared with the privacy plugin.
 */
export const COMMUNITY_CHOICES = ['erase', 'keep-as-former-member'] as const;
export type ErasureCommunityChoice = (typeof COMMUNITY_CHOICES)[number];

/** GET /api/privacy/erasure: the person's own request, if any. */
export interface ErasureStatus {
  /** 'none' when there never was one (or the last one is long gone). */
  state: 'none' | 'scheduled' | 'cancelled';
  /** When the erasure runs (scheduled), ISO instant. */
  dueAt: string | null;
  community: ErasureCommunityChoice | null;
  cancelledAt: string | null;
  cancelledBy: 'login' | 'self' | 'staff' | null;
  /** True once, after a log-in cancelled the request, until the site says it showed the notice. */
  cancelledNotice: boolean;
}
