/**
 * Deleting one's account (issue 20): the site's calls to the privacy plugin's erasure routes. Server
 * side only; the password goes from the form's POST body to the CMS and nowhere else.
 */
import type { ErasureCommunityChoice, ErasureStatus } from '@haven/shared/erasure';
import { cms } from './cms';

export type { ErasureCommunityChoice, ErasureStatus } from '@haven/shared/erasure';
export { COMMUNITY_CHOICES } from '@haven/shared/erasure';

export const erasureStatus = (token: string) => cms<{ data: ErasureStatus }>('/api/privacy/erasure', { token });

export const requestErasure = (token: string, password: string, community: ErasureCommunityChoice, clientIp?: string) =>
  cms<{ data: ErasureStatus }>('/api/privacy/erasure', { token, body: { password, community }, clientIp });

export const cancelErasure = (token: string) => cms<{ data: ErasureStatus }>('/api/privacy/erasure', { method: 'DELETE', token });

/** The days between asking and the erasure, as the CMS is configured (its health answer); 14 when it cannot say. */
export async function erasureGraceDays(): Promise<number> {
  const health = await cms<{ erasureGraceDays?: number }>('/api/privacy/health');
  const days = health.ok ? health.data.erasureGraceDays : undefined;
  return typeof days === 'number' && Number.isInteger(days) ? days : 14;
}

/** Shown once: after the notice "Your account deletion was cancelled" is on a page. */
export const acknowledgeCancellation = (token: string) => cms('/api/privacy/erasure/notice', { token, body: {} });

/**
 * Whether to say "Your account deletion was cancelled" on this page (a log-in just cancelled it):
 * true once; the CMS forgets it as it answers. A CMS that cannot be reached says nothing.
 */
export async function takeCancellationNotice(token: string): Promise<boolean> {
  const status = await erasureStatus(token);
  if (!status.ok || !status.data.data.cancelledNotice) return false;
  await acknowledgeCancellation(token);
  return true;
}
