/**
 * A queued item's text as readers see it, with every range the server found marked whole: crisis
 * language and watched words, however they were disguised ("d**ie**" shows as "die", all of it marked).
 * Plain text only: the ranges are offsets of this text, so nothing is rendered as HTML here.
 */
import * as React from 'react';
import { styled } from 'styled-components';
import type { QueueHighlight } from '../api';

const Text = styled.p`
  margin: 0;
  line-height: 1.5;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  font-size: 1.4rem;
  color: ${({ theme }) => theme.colors.neutral800};
  & mark {
    /* Dark text on a light tint keeps well over 4.5:1; the underline tells crisis apart without colour. */
    background: ${({ theme }) => theme.colors.warning100};
    color: ${({ theme }) => theme.colors.neutral900};
    border-radius: 2px;
    padding-inline: 1px;
  }
  & mark[data-reason='crisis'] {
    background: ${({ theme }) => theme.colors.danger100};
    text-decoration: underline 2px;
    text-underline-offset: 3px;
  }
`;

/** Pieces of `text`: plain runs and marked ranges, in order; ranges out of bounds or overlapping are clipped. */
export function pieces(text: string, highlights: readonly QueueHighlight[]): { text: string; mark?: QueueHighlight }[] {
  const out: { text: string; mark?: QueueHighlight }[] = [];
  let at = 0;
  for (const h of [...highlights].sort((a, b) => a.start - b.start)) {
    const start = Math.max(at, Math.min(h.start, text.length));
    const end = Math.min(Math.max(h.end, start), text.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start) });
    out.push({ text: text.slice(start, end), mark: h });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

const LABELS: Record<QueueHighlight['reason'], string> = { crisis: 'Crisis language', 'watched-word': 'Watched word' };

export function HighlightedText({ text, highlights }: { text: string; highlights: readonly QueueHighlight[] }) {
  return (
    <Text>
      {pieces(text, highlights).map((piece, index) =>
        piece.mark ? (
          <mark key={index} data-reason={piece.mark.reason} title={`${LABELS[piece.mark.reason]}: “${piece.mark.phrase}”`}>
            {piece.text}
          </mark>
        ) : (
          <React.Fragment key={index}>{piece.text}</React.Fragment>
        ),
      )}
    </Text>
  );
}
