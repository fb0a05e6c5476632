/** One row of the outbox: a resource whose search entry must be refreshed. */
export interface SyncTaskRow {
  id: number;
  resourceDocumentId: string;
  attempts: number | null;
  /** Epoch milliseconds (biginteger: PostgreSQL answers it as a string); null = due now. */
  nextAttemptAt: number | string | null;
  lastError: string | null;
}

/** A published resource as the Document Service returns it with the library's population (./resources.ts). */
export interface ResourceEntry {
  documentId: string;
  slug: string;
  title: string;
  summary?: string | null;
  body?: string | null;
  kind: string;
  categories?: { slug: string; name: string }[] | null;
  /** The repeatable `library.tag` component. */
  tags?: { name?: string | null }[] | null;
  cover?: { url?: string | null } | null;
  /** Minutes to read, watch or listen (the CMS keeps it). */
  durationMinutes?: number | null;
  publishedAt: string | Date;
}
