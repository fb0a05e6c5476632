/** A therapist notice held through quiet hours (content-types/deferred-notice). Address, subject and text are null once it is sent or given up. */
export interface DeferredNoticeRow {
  id: number;
  email: string | null;
  subject: string | null;
  text: string | null;
  dueAt: Date | string;
  state: 'waiting' | 'sent' | 'failed';
  sentAt: Date | string | null;
  attempts: number | null;
  owner: string | null;
  leaseUntil: Date | string | null;
}
