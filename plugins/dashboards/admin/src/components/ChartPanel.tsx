/**
 * The frame every dashboard chart shares: a heading, a sentence saying what it shows, and the figures
 * drawn as a chart or, at the press of a button, as a table (for screen readers, copying and exact
 * values). Charts are hidden from assistive technology: the sentence and the table say the same.
 */
import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';

export interface ChartPanelProps {
  id: string;
  title: string;
  /** What the figures show, in one sentence (range, unit, totals). */
  sentence: string;
  chart: React.ReactNode;
  table: React.ReactNode;
  /** Shown instead of the chart when there is nothing to draw (the table still offered). */
  emptyChart?: React.ReactNode;
  /** No figures at all: the sentence alone, no toggle. */
  noFigures?: boolean;
}

export function ChartPanel({ id, title, sentence, chart, table, emptyChart, noFigures = false }: ChartPanelProps) {
  const [asTable, setAsTable] = React.useState(false);
  return (
    <Box tag="section" aria-labelledby={`${id}-title`} background="neutral0" padding={5} shadow="tableShadow" hasRadius>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4} marginBottom={2}>
        <Typography tag="h2" variant="delta" id={`${id}-title`}>
          {title}
        </Typography>
        {noFigures ? null : (
          <Button variant="tertiary" size="S" aria-pressed={asTable} onClick={() => setAsTable((t) => !t)}>
            {asTable ? 'Show chart' : 'Show table'}
          </Button>
        )}
      </Flex>
      <Box marginBottom={noFigures ? 0 : 3}>
        <Typography tag="p" textColor="neutral700">
          {sentence}
        </Typography>
      </Box>
      {noFigures ? null : asTable ? table : (emptyChart ?? chart)}
    </Box>
  );
}

/** A table cell's style (figures right-aligned, a hairline between rows). */
export const cell: React.CSSProperties = { padding: '4px 8px', textAlign: 'right', borderBottom: '1px solid #eaeaef' };

/** A scrolling, focusable box around a figures table, named by its caption. */
export function FiguresTable({ id, caption, maxHeight = '360px', children }: { id: string; caption: string; maxHeight?: string; children: React.ReactNode }) {
  return (
    <Box maxHeight={maxHeight} overflow="auto" tabIndex={0} aria-labelledby={`${id}-caption`}>
      <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 14 }}>
        <caption id={`${id}-caption`} style={{ textAlign: 'left', fontWeight: 600, padding: '4px 8px' }}>
          {caption}
        </caption>
        {children}
      </table>
    </Box>
  );
}
