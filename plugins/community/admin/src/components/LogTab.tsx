/** The moderation log: every decision, newest first, with its reason and moderator; 50 a page. */
import * as React from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise, ArrowLeft, ArrowRight } from '@strapi/icons';
import { paths, useResource, type LogEntry } from '../api';
import { Empty, LoadError, Loading } from './common';
import { LogTable } from './LogTable';

const PAGE_SIZE = 50;

export function LogTab() {
  const [page, setPage] = React.useState(1);
  const log = useResource<LogEntry[]>(`${paths.log}?page=${page}&pageSize=${PAGE_SIZE}`);
  const entries = Array.isArray(log.data) ? log.data : [];
  const pageCount = log.meta?.pagination?.pageCount ?? 1;
  const total = log.meta?.pagination?.total;

  if (log.isLoading && !log.data) return <Loading>Loading the moderation log…</Loading>;
  if (log.error && !log.data) return <LoadError title="The moderation log could not be loaded" message={log.error} onRetry={log.reload} />;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" alignItems="center" wrap="wrap" gap={2}>
        <Typography tag="p" textColor="neutral600">
          Every decision taken in this page, newest first{typeof total === 'number' ? ` (${total} in all)` : ''}.
        </Typography>
        <Button variant="tertiary" size="S" startIcon={<ArrowClockwise />} onClick={log.reload} loading={log.isLoading}>
          Refresh
        </Button>
      </Flex>
      {log.error ? <LoadError title="The moderation log could not be refreshed" message={log.error} onRetry={log.reload} /> : null}
      {entries.length === 0 ? <Empty>Nothing has been logged yet.</Empty> : <LogTable entries={entries} label="Moderation log" />}
      {pageCount > 1 ? (
        <Flex tag="nav" aria-label="Moderation log pages" justifyContent="flex-end" alignItems="center" gap={3}>
          <Button variant="tertiary" size="S" startIcon={<ArrowLeft />} disabled={page <= 1 || log.isLoading} onClick={() => setPage((p) => p - 1)}>
            Newer
          </Button>
          <Typography aria-live="polite">
            Page {page} of {pageCount}
          </Typography>
          <Button variant="tertiary" size="S" endIcon={<ArrowRight />} disabled={page >= pageCount || log.isLoading} onClick={() => setPage((p) => p + 1)}>
            Older
          </Button>
        </Flex>
      ) : null}
    </Flex>
  );
}
