/**
 * Exports of one's own data (issue 20): what the site and the admin page read of an export, shared with
 * the privacy plugin (whose exportStatusView is proved against ExportStatus).
 */
export const EXPORT_STATES = ['queued', 'running', 'ready', 'downloaded', 'failed', 'expired'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

/** One export as its requester sees it: never its keys, archive or token. */
export interface ExportStatus {
  id: string;
  state: ExportState;
  /** Plugins read so far, and how many there are. */
  step: number;
  steps: number;
  /** The plugin being read while running, else null. */
  plugin: string | null;
  requestedAt: string;
  readyAt: string | null;
  /** When a ready archive is deleted unread (null unless ready). */
  expiresAt: string | null;
  downloadedAt: string | null;
  /** Bytes of the zip, once ready. */
  size: number | null;
}

/** POST …/exports/:id/link: the one-time download token (spent at once by the site's server). */
export interface ExportLink {
  token: string;
  expiresAt: string;
}
