/**
 * A ranked list (most viewed resources, top searches): horizontal bars (recharts), or a table with a
 * caption, in the frame every dashboard chart shares (ChartPanel); only the sentence when the list is
 * empty.
 */
import * as React from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '@haven/admin-ui/format';
import { ChartPanel, FiguresTable, cell } from './ChartPanel';

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

function ListTable({ id, title, nameLabel, valueLabel, rows }: Omit<TopListProps, 'sentence' | 'color'>) {
  return (
    <FiguresTable id={id} caption={title}>
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
    </FiguresTable>
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
  return (
    <ChartPanel
      id={props.id}
      title={props.title}
      sentence={props.sentence}
      chart={<ListChart {...props} />}
      table={<ListTable {...props} />}
      noFigures={props.rows.length === 0}
    />
  );
}
