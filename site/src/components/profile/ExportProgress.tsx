/**
 * The export's progress on /profile/data: a <progress> bar and one sentence in a polite live region,
 * polled from the site's /api/privacy/export while the archive is prepared; then the "Download your
 * archive" form (a POST, so no token or address of the archive reaches the browser). Rendered on the
 * server too, so the page works without JavaScript (it then refreshes itself while waiting).
 */
import { useEffect, useRef, useState } from 'react';
import { describeExport, type ExportStatus } from '../../lib/export-status';

interface Props {
  initial: ExportStatus | null;
  /** Poll every this many milliseconds while waiting. */
  intervalMs?: number;
}

const waiting = (status: ExportStatus | null) => status?.state === 'queued' || status?.state === 'running';

export default function ExportProgress({ initial, intervalMs = 1500 }: Props) {
  const [status, setStatus] = useState<ExportStatus | null>(initial);
  const [poll, setPoll] = useState(0);
  const timer = useRef<number | null>(null);

  useEffect(() => {
    if (!waiting(status) && poll === 0) return;
    let cancelled = false;
    timer.current = window.setTimeout(async () => {
      try {
        const response = await fetch('/api/privacy/export', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
        if (!response.ok) return;
        const body: { data: ExportStatus | null } = await response.json();
        if (!cancelled) setStatus(body.data);
      } catch {
        /* offline for a moment: the next poll tries again */
      } finally {
        if (!cancelled) setPoll((n) => (n > 0 ? n - 1 : 0));
      }
    }, intervalMs);
    return () => {
      cancelled = true;
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [status, poll, intervalMs]);

  const sentence = describeExport(status);
  const percent = status && status.steps > 0 ? Math.round((Math.min(status.step, status.steps) / status.steps) * 100) : 0;

  return (
    <div className="stack export-progress">
      {waiting(status) && status && (
        <div className="field">
          <label htmlFor="export-progress">Progress</label>
          <progress id="export-progress" max={status.steps} value={status.step}>
            {percent}%
          </progress>
        </div>
      )}
      <p role="status" aria-live="polite" id="export-status">
        {sentence}
      </p>
      {status?.state === 'ready' ? (
        // After a download the archive is gone: look again shortly so the page says so.
        <form method="post" action="/profile/data/download" onSubmit={() => setPoll(2)}>
          <input type="hidden" name="id" value={status.id} />
          <button type="submit" className="button">
            Download your archive
          </button>
          {status.size !== null && <p className="hint">A zip file of {Math.max(1, Math.round(status.size / 1024))} KB, deleted from Haven once downloaded{status.expiresAt ? ' or after 24 hours' : ''}.</p>}
        </form>
      ) : (
        !waiting(status) && (
          <form method="post" action="/profile/data">
            <input type="hidden" name="_action" value="request" />
            <button type="submit" className="button">
              {status ? 'Prepare a new archive' : 'Prepare my archive'}
            </button>
          </form>
        )
      )}
    </div>
  );
}
