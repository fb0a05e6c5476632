/**
 * A ranked list (most viewed resources, top searches): a heading, a sentence saying what it shows,
 * and the list as horizontal bars (recharts) or, at the press of a button, as a table with a caption
 * for screen readers, copying and exact values. The chart is hidden from assistive technology: the
 * sentence and the table say the same.
 */
import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '@haven/admin-ui/format';

export interface TopListProps {
  id: string;
  title: string;
  sentence: string;
  /** Column heads of the table. */
  nameLabel: string;
  valueLabel: string;
  /** Most first. */
  rows: { name: string; value: number }[];
  /** A colour with at least 3:1 contrast on white. */
  color: string;
}

const cell: React.CSSProperties = { padding: '4px 8px', textAlign: 'right', borderBottom: '1px solid #eaeaef' };

function ListTable({ id, title, nameLabel, valueLabel, rows }: Omit<TopListProps, 'sentence' | 'color'>) {
  return (
    <Box maxHeight="360px" overflow="auto" tabIndex={0} aria-labelledby={`${id}-caption`}>
      <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 14 }}>
        <caption id={`${id}-caption`} style={{ textAlign: 'left', fontWeight: 600, padding: '4px 8px' }}>
          {title}
        </caption>
        <thead>
          <tr>
            <th scope="col" style={cell}>Rank</th>
            <th scope="col" style={{ ...cell, textAlign: 'left' }}>{nameLabel}</th>
            <th scope="col" style={cell}>{valueLabel}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={`${i}-${row.name}`}>
              <td style={cell}>{i + 1}</td>
              <th scope="row" style={{ ...cell, textAlign: 'left', fontWeight: 400 }}>{row.name}</th>
              <td style={cell}>{formatCount(row.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Box>
  );
}

function ListChart({ rows, valueLabel, color }: Pick<TopListProps, 'rows' | 'valueLabel' | 'color'>) {
  // No keyboard layer: hidden from assistive technology, the table says the same, so nothing here takes focus.
  return (
    <div aria-hidden="true" style={{ width: '100%', height: Math.max(120, 40 + rows.length * 32) }}>
      <ResponsiveContainer>
        <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} tickFormatter={(value: number) => formatCount(value)} />
          <YAxis type="category" dataKey="name" width={180} tickFormatter={(name: string) => (name.length > 26 ? `${name.slice(0, 25)}…` : name)} />
          <Tooltip formatter={(value) => formatCount(Number(value))} />
          <Bar dataKey="value" name={valueLabel} fill={color} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function TopList(props: TopListProps) {
  const [asTable, setAsTable] = React.useState(false);
  return (
    <Box tag="section" aria-labelledby={`${props.id}-title`} background="neutral0" padding={5} shadow="tableShadow" hasRadius>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4} marginBottom={2}>
        <Typography tag="h2" variant="delta" id={`${props.id}-title`}>
          {props.title}
        </Typography>
        {props.rows.length ? (
          <Button variant="tertiary" size="S" aria-pressed={asTable} onClick={() => setAsTable((t) => !t)}>
            {asTable ? 'Show chart' : 'Show table'}
          </Button>
        ) : null}
      </Flex>
      <Box marginBottom={props.rows.length ? 3 : 0}>
        <Typography tag="p" textColor="neutral700">
          {props.sentence}
        </Typography>
      </Box>
      {!props.rows.length ? null : asTable ? <ListTable {...props} /> : <ListChart {...props} />}
    </Box>
  );
}
