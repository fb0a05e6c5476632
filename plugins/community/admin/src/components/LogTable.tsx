/** Moderation log entries as a table (the Log tab and an alias's past actions). */
import { Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { DateTime } from '@haven/admin-ui/DateTime';
import type { LogEntry } from '../api';
import { actionLabel, targetLabel } from '../labels';
import { moderatorName } from './common';

export function LogTable({ entries, label, showAlias = true, aliasBase = 'aliases/' }: { entries: LogEntry[]; label: string; showAlias?: boolean; aliasBase?: string }) {
  const columns = ['When', 'Action', ...(showAlias ? ['Alias'] : []), 'Item', 'Reason', 'Until', 'Moderator'];
  return (
    <Table colCount={columns.length} rowCount={entries.length + 1} aria-label={label}>
      <Thead>
        <Tr>
          {columns.map((column) => (
            <Th key={column}>
              <Typography variant="sigma">{column}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {entries.map((entry, index) => (
          <Tr key={entry.id ?? `${entry.createdAt}-${index}`}>
            <Td>
              <Typography>
                <DateTime value={entry.createdAt} />
              </Typography>
            </Td>
            <Td>
              <Typography fontWeight="semiBold">{actionLabel(entry.action)}</Typography>
            </Td>
            {showAlias ? (
              <Td>
                {entry.alias ? (
                  <Link tag={NavLink} to={`${aliasBase}${encodeURIComponent(entry.alias)}`}>
                    {entry.alias}
                  </Link>
                ) : (
                  <Typography>—</Typography>
                )}
              </Td>
            ) : null}
            <Td style={{ whiteSpace: 'normal', maxWidth: '24rem' }}>
              {entry.target ? (
                <Typography>
                  {targetLabel(entry.target)}
                  {entry.excerpt ? `: “${entry.excerpt.length > 60 ? `${entry.excerpt.slice(0, 60)}…` : entry.excerpt}”` : ''}
                </Typography>
              ) : (
                <Typography>—</Typography>
              )}
            </Td>
            <Td style={{ whiteSpace: 'normal', maxWidth: '32rem' }}>
              <Typography>{entry.reason || '—'}</Typography>
            </Td>
            <Td>
              <Typography>{entry.until ? <DateTime value={entry.until} /> : '—'}</Typography>
            </Td>
            <Td>
              <Typography>{moderatorName(entry.moderator)}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
