/** What leaves the server of an export job (allow-list: never its keys, archive, token or owner). */
import { publicView } from '@haven/shared/view';
import type { ExportStatus } from '../services/exports';

export const exportStatusView = publicView<ExportStatus>()('id', 'state', 'step', 'steps', 'plugin', 'requestedAt', 'readyAt', 'expiresAt', 'downloadedAt', 'size');
