/**
 * "Export this person's data" (issue 20): a super admin asks for a copy of everything Haven holds about
 * a site account (the reason is kept in the audit log), follows it being prepared and downloads the
 * zip once. Served by the privacy plugin (admin routes under /privacy, plugin::privacy.export). The
 * one-time token is taken and spent at once, sent in a header: never in an address. The page remembers
 * an export still being prepared or not yet downloaded, so closing the dialog loses nothing: asking
 * again while one runs would only be refused (409).
 */
import * as React from 'react';
import { Button, Flex, ProgressBar, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { ReasonDialog } from '@haven/admin-ui/ReasonDialog';
import { errorMessage, useAdminQuery } from '@haven/admin-ui/query';
import type { ExportLink, ExportStatus } from '@haven/shared/data-export';
import type { Account } from '../api';

const FORBIDDEN = 'Only super admins can export accounts.';

const STATE_TEXT: Record<ExportStatus['state'], string> = {
  queued: 'Waiting to be prepared…',
  running: 'Preparing…',
  ready: 'Ready: it can be downloaded once.',
  downloaded: 'Downloaded and deleted from Haven.',
  failed: 'It could not be prepared. Close this and ask again.',
  expired: 'Deleted unread after 24 hours. Close this and ask again.',
};

/** States after which nothing more can happen to an export: the page forgets it, and a new one may be asked for. */
const FINISHED: readonly ExportStatus['state'][] = ['downloaded', 'failed', 'expired'];

export interface ExportModalProps {
  account: Account | null;
  /** The export of this account the page remembers (still being prepared, or ready), if any. */
  jobId: string | null;
  /** Remembers an asked export, or forgets it (null) once it is finished. */
  onJob(userId: number, jobId: string | null): void;
  onClose(): void;
}

export function ExportModal({ account, jobId, onJob, onClose }: ExportModalProps) {
  if (!account) return null;
  return <ExportDialog key={account.userId} account={account} remembered={jobId} onJob={onJob} onClose={onClose} />;
}

function ExportDialog({ account, remembered, onJob, onClose }: { account: Account; remembered: string | null; onJob: ExportModalProps['onJob']; onClose(): void }) {
  const { post } = useFetchClient();
  const [jobId, setJobId] = React.useState<string | null>(remembered);
  const name = account.displayName || account.username;
  return (
    <ReasonDialog
      id="account-export"
      title={`Export ${name}'s data`}
      explanation={`A zip of everything Haven holds about ${name}: profile, sessions, payments, messages, wellness check-ins and community posts, decrypted. Only you can download it, once; it is deleted after 24 hours otherwise.`}
      keptIn="in the audit log"
      submitLabel="Prepare the export"
      forbidden={FORBIDDEN}
      onClose={onClose}
      onSubmit={async (reason) => {
        const { data } = await post<{ data: ExportStatus }>(`/privacy/accounts/${account.userId}/exports`, { reason });
        setJobId(data.data.id);
        onJob(account.userId, data.data.id);
      }}
      result={jobId ? <ExportProgress id={jobId} onFinished={() => onJob(account.userId, null)} /> : undefined}
    />
  );
}

function ExportProgress({ id, onFinished }: { id: string; onFinished(): void }) {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [tick, setTick] = React.useState(0);
  const [downloading, setDownloading] = React.useState(false);
  const [problem, setProblem] = React.useState<string | null>(null);
  const { body, error } = useAdminQuery<{ data: ExportStatus }>(`/privacy/exports/${id}`, { forbidden: FORBIDDEN, refreshKey: tick });
  const status = body?.data ?? null;
  const waiting = !status || status.state === 'queued' || status.state === 'running';

  const finished = status ? FINISHED.includes(status.state) : false;
  React.useEffect(() => {
    if (finished) onFinished();
  }, [finished, onFinished]);

  React.useEffect(() => {
    if (!waiting) return;
    const timer = window.setTimeout(() => setTick((n) => n + 1), 1500);
    return () => window.clearTimeout(timer);
  }, [waiting, tick]);

  async function download() {
    setDownloading(true);
    setProblem(null);
    try {
      const link = await post<{ data: ExportLink }>(`/privacy/exports/${id}/link`, {});
      const { data } = await get<Blob>(`/privacy/exports/${id}/download`, { responseType: 'blob', headers: { 'X-Download-Token': link.data.data.token } });
      const url = URL.createObjectURL(data);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `haven-export-${id}.zip`;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toggleNotification({ type: 'success', message: 'The export was downloaded and deleted from Haven' });
    } catch (err) {
      setProblem(errorMessage(err, FORBIDDEN));
    } finally {
      setDownloading(false);
      setTick((n) => n + 1);
    }
  }

  const percent = status && status.steps ? Math.round((Math.min(status.step, status.steps) / status.steps) * 100) : 0;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      {/* The design system keeps `value` for the bar's drawing only: the figure is given to assistive technology here. */}
      {waiting ? <ProgressBar value={percent} aria-label="Export progress" aria-valuenow={percent} aria-valuetext={`${percent}%`} /> : null}
      <Typography role="status" aria-live="polite">
        {error ? errorMessage(error, FORBIDDEN) : status ? progressText(status) : 'Waiting to be prepared…'}
      </Typography>
      {problem ? (
        <Typography role="alert" textColor="danger700">
          {problem}
        </Typography>
      ) : null}
      {status?.state === 'ready' ? (
        <Button onClick={download} loading={downloading}>
          Download the export
        </Button>
      ) : null}
    </Flex>
  );
}

/** "Preparing… Step 3 of 9 (booking)." while running; the state's sentence (with the zip's size when ready) otherwise. */
function progressText(status: ExportStatus): string {
  if (status.state === 'running') {
    const plugin = status.plugin ? ` (${status.plugin})` : '';
    return `${STATE_TEXT.running} Step ${Math.min(status.step + 1, status.steps)} of ${status.steps}${plugin}.`;
  }
  if (status.state === 'ready' && status.size !== null) return `${STATE_TEXT.ready} ${formatSize(status.size)}.`;
  return STATE_TEXT[status.state];
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
