/** The queue: flagged, held and crisis items, crisis first, each with its actions. */
import * as React from 'react';
import { Box, Button, Flex, Link, Typography } from '@strapi/design-system';
import { ArrowClockwise, Eye, Mail, WarningCircle } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import { styled } from 'styled-components';
import { DateTime } from '@haven/admin-ui/DateTime';
import { Empty, ErrorAlert, Loading } from '@haven/admin-ui/States';
import { paths, useResource, type ItemAction, type QueueItem } from '../api';
import { HELD_REASONS, targetLabel } from '../labels';
import type { ActionRequest } from './ActionModal';
import { StatusBadge, ToneBadge } from './common';
import { HighlightedText } from './HighlightedText';
import type { NoticeRequest } from './NoticeModal';

export interface QueueTabProps {
  canAct: boolean;
  isSuperAdmin: boolean;
  onAction(request: ActionRequest): void;
  onReveal(alias: string): void;
  /** Opens "Send a private message" to the member behind an item's alias. */
  onNotice(request: NoticeRequest): void;
  /** Bumped by the page after an action, to fetch the queue again. */
  refreshKey: number;
}

/** Crisis items first; otherwise the server's order (most flags, then oldest). */
export const sortQueue = (items: QueueItem[]) =>
  items.map((item, index) => ({ item, index })).sort((a, b) => Number(b.item.crisis) - Number(a.item.crisis) || a.index - b.index).map(({ item }) => item);

export function QueueTab({ canAct, isSuperAdmin, onAction, onReveal, onNotice, refreshKey }: QueueTabProps) {
  const queue = useResource<QueueItem[]>(paths.queue);
  const { reload } = queue;
  const first = React.useRef(true);
  const summary = React.useRef<HTMLParagraphElement>(null);
  const refocus = React.useRef(false);
  React.useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    refocus.current = true;
    reload();
  }, [refreshKey, reload]);
  // After an action the item acted on leaves the list, and the focus with it: bring it back here.
  React.useEffect(() => {
    if (!refocus.current || queue.isLoading) return;
    refocus.current = false;
    if (!document.activeElement || document.activeElement === document.body) summary.current?.focus();
  }, [queue.data, queue.isLoading]);

  const items = React.useMemo(() => sortQueue(Array.isArray(queue.data) ? queue.data : []), [queue.data]);
  const crisisCount = items.filter((item) => item.crisis).length;

  if (queue.isLoading && !queue.data) return <Loading>Loading the queue…</Loading>;
  if (queue.error && !queue.data) return <ErrorAlert title="The queue could not be loaded" message={queue.error} onRetry={reload} />;

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between" alignItems="center" wrap="wrap" gap={2}>
        <Typography tag="p" variant="omega" textColor="neutral600" aria-live="polite" tabIndex={-1} ref={summary} style={{ outline: 'none' }}>
          {items.length === 0
            ? 'Nothing is waiting for review.'
            : `${items.length} ${items.length === 1 ? 'item' : 'items'} waiting for review${crisisCount ? `, ${crisisCount} marked as crisis` : ''}.`}
        </Typography>
        <Button variant="tertiary" size="S" startIcon={<ArrowClockwise />} onClick={reload} loading={queue.isLoading}>
          Refresh
        </Button>
      </Flex>
      {queue.error ? <ErrorAlert title="The queue could not be refreshed" message={queue.error} onRetry={reload} /> : null}
      {items.length === 0 ? (
        <Empty>The queue is empty. Thank you for keeping the community safe.</Empty>
      ) : (
        <Flex tag="ul" direction="column" alignItems="stretch" gap={4} aria-label="Items waiting for review">
          {items.map((item) => (
            <li key={`${item.target}-${item.id}`}>
              <QueueItemCard item={item} canAct={canAct} isSuperAdmin={isSuperAdmin} onAction={onAction} onReveal={onReveal} onNotice={onNotice} />
            </li>
          ))}
        </Flex>
      )}
    </Flex>
  );
}

/** Sanitised HTML from the server, inside its own box, with readable defaults. */
export const PostBody = styled(Box)`
  line-height: 1.5;
  overflow-wrap: anywhere;
  color: ${({ theme }) => theme.colors.neutral800};
  font-size: 1.4rem;
  & p,
  & ul,
  & ol,
  & blockquote,
  & pre {
    margin-block: 0 0.8rem;
  }
  & ul,
  & ol {
    padding-inline-start: 2rem;
  }
  & ul {
    list-style: disc;
  }
  & ol {
    list-style: decimal;
  }
  & blockquote {
    border-inline-start: 3px solid ${({ theme }) => theme.colors.neutral300};
    padding-inline-start: 1rem;
  }
  & a {
    color: ${({ theme }) => theme.colors.primary700};
    text-decoration: underline;
  }
  & strong {
    font-weight: 600;
  }
  & em {
    font-style: italic;
  }
  & > :last-child {
    margin-block-end: 0;
  }
`;

const ITEM_ACTIONS: { action: ItemAction; label: string; variant: 'success-light' | 'secondary' | 'danger-light' }[] = [
  { action: 'approve', label: 'Approve', variant: 'success-light' },
  { action: 'hide', label: 'Hide', variant: 'secondary' },
  { action: 'remove', label: 'Remove', variant: 'danger-light' },
];

function flagSummary(item: QueueItem) {
  const reasons = Object.entries(item.flagReasons ?? {}).filter(([, count]) => count > 0);
  return reasons.sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${reason.replace(/[-_]/g, ' ')} × ${count}`);
}

export function QueueItemCard({ item, canAct, isSuperAdmin, onAction, onReveal, onNotice }: Omit<QueueTabProps, 'refreshKey'> & { item: QueueItem }) {
  const headingId = `queue-${item.target}-${item.id}`;
  // A reply's title is the title of the post it answers.
  const heading = item.target === 'reply' ? (item.title ? `Reply to “${item.title}”` : `Reply by ${item.alias}`) : item.title || `Post by ${item.alias}`;
  const reasons = flagSummary(item);
  const notes = (item.notes ?? []).filter(Boolean);
  const systemNotes = (item.systemNotes ?? []).filter(Boolean);
  const itemRef = { target: item.target, id: item.id, title: (item.target === 'post' && item.title) || item.excerpt?.slice(0, 60) || null };

  return (
    <Box
      tag="article"
      aria-labelledby={headingId}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={6}
      borderColor={item.crisis ? 'danger600' : 'neutral150'}
      borderWidth={item.crisis ? '2px' : '1px'}
      borderStyle="solid"
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={2} wrap="wrap">
          <Flex gap={2} wrap="wrap">
            {item.crisis ? (
              <ToneBadge tone="crisis">
                <Flex gap={1} tag="span">
                  <WarningCircle aria-hidden focusable={false} fill="neutral0" />
                  Crisis
                </Flex>
              </ToneBadge>
            ) : null}
            <ToneBadge tone="neutral">{targetLabel(item.target)}</ToneBadge>
            <StatusBadge status={item.status} />
          </Flex>
          <Typography variant="pi" textColor="neutral600">
            Posted <DateTime value={item.createdAt} />
          </Typography>
        </Flex>

        <Typography tag="h2" variant="delta" fontWeight="bold" id={headingId}>
          {heading}
        </Typography>
        {item.crisis ? (
          <Typography tag="p" textColor="danger700" fontWeight="semiBold">
            This may come from someone in crisis. Please review it first, with their safety in mind.
          </Typography>
        ) : null}

        <Flex gap={4} wrap="wrap">
          <Typography variant="omega">
            By{' '}
            <Link tag={NavLink} to={`aliases/${encodeURIComponent(item.alias)}`}>
              {item.alias}
            </Link>
          </Typography>
          <Typography variant="omega" fontWeight="semiBold">
            {item.flagCount === 1 ? '1 flag' : `${item.flagCount ?? 0} flags`}
          </Typography>
          {item.heldReason ? (
            <Typography variant="omega" textColor="neutral700">
              {HELD_REASONS[item.heldReason] ?? `Held for review: ${item.heldReason}`}
            </Typography>
          ) : null}
          {reasons.length ? (
            <Typography variant="omega" textColor="neutral700">
              Reasons: {reasons.join(', ')}
            </Typography>
          ) : null}
        </Flex>

        {notes.length ? (
          <Box background="neutral100" hasRadius padding={3}>
            <Typography variant="sigma" tag="p" textColor="neutral700">
              Notes from members
            </Typography>
            <Box tag="ul" paddingTop={1}>
              {notes.map((note, index) => (
                <Typography tag="li" variant="omega" key={index}>
                  “{note}”
                </Typography>
              ))}
            </Box>
          </Box>
        ) : null}

        {systemNotes.length ? (
          <Box background="neutral100" hasRadius padding={3}>
            <Typography variant="sigma" tag="p" textColor="neutral700">
              Noticed by Haven
            </Typography>
            <Box tag="ul" paddingTop={1}>
              {systemNotes.map((note, index) => (
                <Typography tag="li" variant="omega" key={index}>
                  {note}
                </Typography>
              ))}
            </Box>
          </Box>
        ) : null}

        <Box background="neutral100" hasRadius padding={4} borderColor="neutral200" borderStyle="solid" borderWidth="1px">
          {/* The text as readers see it, with whole matches marked (the server's ranges of this very text). */}
          {typeof item.text === 'string' ? (
            <HighlightedText text={item.text} highlights={item.highlights ?? []} />
          ) : item.bodyHtml ? (
            <PostBody dangerouslySetInnerHTML={{ __html: item.bodyHtml }} />
          ) : (
            <Typography tag="p">{item.excerpt ?? ''}</Typography>
          )}
        </Box>

        <Flex justifyContent="space-between" alignItems="center" gap={3} wrap="wrap" paddingTop={2}>
          {canAct ? (
            <Flex gap={2} wrap="wrap" role="group" aria-label={`Decide on ${heading}`}>
              {ITEM_ACTIONS.map(({ action, label, variant }) => (
                <Button key={action} variant={variant} onClick={() => onAction({ action, item: itemRef, alias: item.alias })}>
                  {label}
                </Button>
              ))}
            </Flex>
          ) : (
            <Typography variant="pi" textColor="neutral600">
              You can read the queue but not act on it.
            </Typography>
          )}
          <Flex gap={2} wrap="wrap" alignItems="center" role="group" aria-label={`Author ${item.alias}`}>
            <Typography variant="pi" textColor="neutral600">
              Author:
            </Typography>
            {canAct && item.crisis ? (
              <Button variant="secondary" size="S" startIcon={<Mail />} onClick={() => onNotice({ target: item.target, id: item.id, alias: item.alias })}>
                Send a private message
              </Button>
            ) : null}
            {canAct ? (
              <>
                <Button variant="tertiary" size="S" onClick={() => onAction({ action: 'warn', alias: item.alias })}>
                  Warn
                </Button>
                <Button variant="tertiary" size="S" onClick={() => onAction({ action: 'silence', alias: item.alias })}>
                  Silence
                </Button>
                <Button variant="tertiary" size="S" onClick={() => onAction({ action: 'suspend', alias: item.alias })}>
                  Suspend
                </Button>
              </>
            ) : null}
            <Link tag={NavLink} to={`aliases/${encodeURIComponent(item.alias)}`}>
              History
            </Link>
            {isSuperAdmin ? (
              <Button variant="tertiary" size="S" startIcon={<Eye />} onClick={() => onReveal(item.alias)}>
                Reveal account
              </Button>
            ) : null}
          </Flex>
        </Flex>
      </Flex>
    </Box>
  );
}
