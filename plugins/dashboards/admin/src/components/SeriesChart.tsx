/**
 * One dashboard chart of days or weeks: lines or bars (recharts), or as a table with a caption and a
 * total row, in the frame every dashboard chart shares (ChartPanel).
 */
import * as React from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartPanel, FiguresTable, cell } from './ChartPanel';

export interface Series {
  key: string;
  label: string;
  /** A colour with at least 3:1 contrast on white. */
  color: string;
}

export type ChartRow = { day: string } & Record<string, number | string>;

export interface SeriesChartProps {
  id: string;
  title: string;
  /** What the chart shows, in one sentence (range, unit, total). */
  sentence: string;
  kind: 'line' | 'bar';
  rows: ChartRow[];
  series: Series[];
  /** How a value is written in the tooltip and the table. */
  format: (value: number) => string;
  /** What one row is: a UTC day (the default) or an ISO week, named by its Monday. */
  period?: 'day' | 'week';
  /** Whether the table ends with a total row; off where adding rows up means nothing (people active per day or week). */
  totalRow?: boolean;
}

export const COLORS = { blue: '#4945ff', green: '#2f6846', red: '#b72b1a', orange: '#9e4b00', grey: '#4a4a6a' };

const valueOf = (row: ChartRow, key: string) => Number(row[key] ?? 0);

function SeriesTable({ id, title, rows, series, format, period = 'day', totalRow = true }: Omit<SeriesChartProps, 'sentence' | 'kind'>) {
  const totals = series.map((s) => rows.reduce((sum, row) => sum + valueOf(row, s.key), 0));
  return (
    <FiguresTable id={id} maxHeight="320px" caption={`${title}, ${period === 'week' ? 'per week (UTC, Monday to Sunday)' : 'per day (UTC)'}`}>
      <thead>
        <tr>
          <th scope="col" style={{ ...cell, textAlign: 'left' }}>{period === 'week' ? 'Week of' : 'Day'}</th>
          {series.map((s) => (
            <th key={s.key} scope="col" style={cell}>{s.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.day}>
            <th scope="row" style={{ ...cell, textAlign: 'left', fontWeight: 400 }}>{row.day}</th>
            {series.map((s) => (
              <td key={s.key} style={cell}>{format(valueOf(row, s.key))}</td>
            ))}
          </tr>
        ))}
      </tbody>
      {totalRow ? (
        <tfoot>
          <tr>
            <th scope="row" style={{ ...cell, textAlign: 'left' }}>Total</th>
            {totals.map((total, i) => (
              <td key={series[i].key} style={{ ...cell, fontWeight: 600 }}>{format(total)}</td>
            ))}
          </tr>
        </tfoot>
      ) : null}
    </FiguresTable>
  );
}

function Chart({ kind, rows, series, format }: Pick<SeriesChartProps, 'kind' | 'rows' | 'series' | 'format'>) {
  const tooltip = <Tooltip formatter={(value) => format(Number(value))} />;
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" />,
    <XAxis key="x" dataKey="day" tickFormatter={(day: string) => day.slice(5)} minTickGap={16} />,
    <YAxis key="y" allowDecimals={false} width={72} tickFormatter={(value: number) => format(value)} />,
  ];
  // No keyboard layer (accessibilityLayer): the chart is hidden from assistive technology and the
  // table says the same, so nothing in it may take focus.
  return (
    <div aria-hidden="true" style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        {kind === 'line' ? (
          <LineChart data={rows} accessibilityLayer={false}>
            {axes}
            {tooltip}
            <Legend />
            {series.map((s) => (
              <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        ) : (
          <BarChart data={rows} accessibilityLayer={false}>
            {axes}
            {tooltip}
            <Legend />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

export function SeriesChart(props: SeriesChartProps) {
  return <ChartPanel id={props.id} title={props.title} sentence={props.sentence} chart={<Chart {...props} />} table={<SeriesTable {...props} />} />;
}
