/** The moderation log: every decision, newest first, with its reason and moderator; 50 a page, the page in the address. */
import { Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Pager, usePageParam } from '@haven/admin-ui/Pager';
import { Empty, ErrorAlert, Loading } from '@haven/admin-ui/States';
import { paths, useResource, type LogEntry } from '../api';
import { LogTable } from './LogTable';

const PAGE_SIZE = 50;

export function LogTab() {
  const [page, setPage] = usePageParam();
  const log = useResource<LogEntry[]>(`${paths.log}?page=${page}&pageSize=${PAGE_SIZE}`);
  const entries = Array.isArray(log.data) ? log.data : [];
  const pageCount = log.meta?.pagination?.pageCount ?? 1;
  const total = log.meta?.pagination?.total;

  if (log.isLoading && !log.data) return <Loading>Loading the moderation log…</Loading>;
  if (log.error && !log.data) return <ErrorAlert title="The moderation log could not be loaded" message={log.error} onRetry={log.reload} />;
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
      {log.error ? <ErrorAlert title="The moderation log could not be refreshed" message={log.error} onRetry={log.reload} /> : null}
      {entries.length === 0 ? <Empty>Nothing has been logged yet.</Empty> : <LogTable entries={entries} label="Moderation log" />}
      <Pager page={page} pageCount={pageCount} onPage={setPage} previous="Newer" next="Older" disabled={log.isLoading} label="Moderation log pages" />
    </Flex>
  );
}
