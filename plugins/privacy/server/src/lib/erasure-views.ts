/** What leaves the server of an erasure request (allow-list: never its account id, lease or error). */
import type { ErasureStatus } from '@haven/shared/erasure';
import { publicView, type Proof, type SameFields, type ViewOf } from '@haven/shared/view';

export const erasureStatusView = publicView<ErasureStatus>()('state', 'dueAt', 'community', 'cancelledAt', 'cancelledBy', 'cancelledNotice');

/** Fails to compile when the view hands out more or fewer fields than the site and the Accounts page read. */
export type ErasureViewProofs = [Proof<SameFields<ViewOf<typeof erasureStatusView>, ErasureStatus>>];
