/** An export's status as the site shows it (browser-safe: the page and its island both use it). */
import type { ExportStatus } from '@haven/shared/data-export';

export type { ExportState, ExportStatus } from '@haven/shared/data-export';

/** Export ids are Strapi documentIds: lower-case letters and digits. */
export const isExportId = (value: string) => /^[a-z0-9]{1,64}$/.test(value);

/** Readable names of the parts of Haven an export reads, in the order it reads them. */
const PART_NAMES: Record<string, string> = {
  booking: 'sessions',
  payments: 'payments',
  chat: 'messages',
  wellness: 'wellness check-ins',
  community: 'community posts',
  library: 'library activity',
  applications: 'therapist application',
  identity: 'sign-in and consent records',
  people: 'profile',
};

/** One sentence for the live region and the page without JavaScript. */
export function describeExport(status: ExportStatus | null): string {
  if (!status) return 'You have not asked for a copy of your data yet.';
  switch (status.state) {
    case 'queued':
      return 'Your archive is waiting to be prepared. This page updates by itself.';
    case 'running':
      return `Preparing your archive: step ${Math.min(status.step + 1, status.steps)} of ${status.steps}${status.plugin ? `, reading your ${PART_NAMES[status.plugin] ?? status.plugin}` : ''}.`;
    case 'ready':
      return 'Your archive is ready. You can download it once.';
    case 'downloaded':
      return 'Your archive was downloaded and deleted from Haven. Ask again for a new copy.';
    case 'expired':
      return 'Your archive was deleted unread after 24 hours. Ask again for a new copy.';
    default:
      return 'We could not prepare your archive. Please ask again.';
  }
}

