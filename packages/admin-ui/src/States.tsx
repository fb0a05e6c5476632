/**
 * What a list or a page shows while it loads, when a request fails, when there is nothing to show, and
 * the plain table its rows go in.
 */
import type * as React from 'react';
import { Box, Button, EmptyStateLayout, Flex, Loader, Table, Tbody, Th, Thead, Tr, Typography } from '@strapi/design-system';

/** A centred spinner whose text is read out to screen readers. */
export const Loading = ({ children }: { children: string }) => (
  <Flex justifyContent="center" padding={8} role="status" aria-live="polite">
    <Loader>{children}</Loader>
  </Flex>
);

/** A failed request, said plainly, with a way to try again when there is one. */
export const ErrorAlert = ({ title, message, onRetry }: { title?: string; message: string; onRetry?: () => void }) => (
  <Box role="alert" background="danger100" borderColor="danger200" borderStyle="solid" borderWidth="1px" hasRadius padding={4} marginBottom={4}>
    <Flex gap={4} justifyContent="space-between" alignItems="center" wrap="wrap">
      <Flex direction="column" alignItems="flex-start" gap={1}>
        {title ? (
          <Typography fontWeight="bold" textColor="danger700">
            {title}
          </Typography>
        ) : null}
        <Typography textColor={title ? 'neutral800' : 'danger700'}>{message}</Typography>
      </Flex>
      {onRetry ? (
        <Button variant="danger-light" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </Flex>
  </Box>
);

export const Empty = ({ children }: { children: string }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow">
    <EmptyStateLayout content={children} />
  </Box>
);

/**
 * A list's body: the spinner before its first rows, the empty state when there are none, else the
 * rows (kept on screen while a new page or filter loads).
 */
export function ListState({ isLoading, count, loading, empty, children }: { isLoading: boolean; count: number; loading: string; empty: string; children: React.ReactNode }) {
  if (isLoading && count === 0) return <Loading>{loading}</Loading>;
  if (count === 0) return <Empty>{empty}</Empty>;
  return <>{children}</>;
}

/** A table with its column heads; `children` are its rows (<Tr>). */
export function DataTable({ columns, label, rowCount, children }: { columns: readonly string[]; label: string; rowCount: number; children: React.ReactNode }) {
  return (
    <Table colCount={columns.length} rowCount={rowCount + 1} aria-label={label}>
      <Thead>
        <Tr>
          {columns.map((column) => (
            <Th key={column} scope="col">
              <Typography variant="sigma">{column}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>{children}</Tbody>
    </Table>
  );
}
