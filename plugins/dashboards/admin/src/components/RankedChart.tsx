/**
 * One chart of named rows (the busiest therapists): horizontal bars (recharts), or a table with a
 * caption and a row for all therapists, whose cells are written out (counts below ten as "1 of 3",
 * never a percentage of almost nothing), in the frame every dashboard chart shares (ChartPanel).
 */
import * as React from 'react';
import { Typography } from '@strapi/design-system';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Series } from './SeriesChart';
import { ChartPanel, FiguresTable, cell } from './ChartPanel';

export type RankedRow = { name: string } & Record<string, number | string>;

export interface RankedTable {
  columns: string[];
  rows: { name: string; cells: string[] }[];
  /** The row for all therapists (not only those listed), or null. */
  total: string[] | null;
}

export interface RankedChartProps {
  id: string;
  title: string;
  /** What the chart shows, in one sentence (range, unit, totals). */
  sentence: string;
  rows: RankedRow[];
  series: Series[];
  /** How a bar's value is written on the axis and in the tooltip. */
  format: (value: number) => string;
  table: RankedTable;
}

function RankedFigures({ id, title, table }: Pick<RankedChartProps, 'id' | 'title' | 'table'>) {
  return (
    <FiguresTable id={id} caption={`${title}, per therapist`}>
      <thead>
        <tr>
          <th scope="col" style={{ ...cell, textAlign: 'left' }}>Therapist</th>
          {table.columns.map((column) => (
            <th key={column} scope="col" style={cell}>{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row, i) => (
          <tr key={`${i}-${row.name}`}>
            <th scope="row" style={{ ...cell, textAlign: 'left', fontWeight: 400 }}>{row.name}</th>
            {row.cells.map((value, j) => (
              <td key={table.columns[j]} style={cell}>{value}</td>
            ))}
          </tr>
        ))}
      </tbody>
      {table.total ? (
        <tfoot>
          <tr>
            <th scope="row" style={{ ...cell, textAlign: 'left' }}>All therapists</th>
            {table.total.map((value, j) => (
              <td key={table.columns[j]} style={{ ...cell, fontWeight: 600 }}>{value}</td>
            ))}
          </tr>
        </tfoot>
      ) : null}
    </FiguresTable>
  );
}

function Chart({ rows, series, format }: Pick<RankedChartProps, 'rows' | 'series' | 'format'>) {
  // Room for every therapist's bar group, however many are listed.
  // No keyboard layer (accessibilityLayer): the chart is hidden from assistive technology, the table
  // says the same, so nothing in it may take focus.
  const height = Math.max(160, 48 + rows.length * (20 + series.length * 12));
  return (
    <div aria-hidden="true" style={{ width: '100%', height }}>
      <ResponsiveContainer>
        <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} tickFormatter={(value: number) => format(value)} />
          <YAxis type="category" dataKey="name" width={160} tickFormatter={(name: string) => (name.length > 22 ? `${name.slice(0, 21)}…` : name)} />
          <Tooltip formatter={(value) => format(Number(value))} />
          <Legend />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function RankedChart(props: RankedChartProps) {
  return (
    <ChartPanel
      id={props.id}
      title={props.title}
      sentence={props.sentence}
      chart={<Chart {...props} />}
      table={<RankedFigures {...props} />}
      emptyChart={props.rows.length === 0 ? <Typography textColor="neutral600">No therapist had a session due in this range.</Typography> : undefined}
    />
  );
}
