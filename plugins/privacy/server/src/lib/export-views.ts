/** What leaves the server of an export job (allow-list: never its keys, archive, token or owner). */
import type { ExportStatus } from '@haven/shared/data-export';
import { publicView, type Proof, type SameFields, type ViewOf } from '@haven/shared/view';

export const exportStatusView = publicView<ExportStatus>()('id', 'state', 'step', 'steps', 'plugin', 'requestedAt', 'readyAt', 'expiresAt', 'downloadedAt', 'size');

/** Fails to compile when the view hands out more or fewer fields than the site and admin page read. */
export type ExportViewProofs = [Proof<SameFields<ViewOf<typeof exportStatusView>, ExportStatus>>];
