import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ENERGY_COLOUR, MOOD_LINE_COLOUR } from './palette';

export interface MoodPoint {
  label: string;
  mood: number | null;
  energy: number | null;
}

/** Mood and energy over time (Recharts). Gaps stay gaps: days without a check-in are not drawn. */
export default function MoodChart({ points }: { points: MoodPoint[] }) {
  const dense = points.length > 120;
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="#d5dcd9" />
        <XAxis dataKey="label" minTickGap={24} tick={{ fill: '#1d2a2e', fontSize: 12 }} />
        <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} allowDecimals={false} width={32} tick={{ fill: '#1d2a2e', fontSize: 12 }} />
        <Tooltip />
        <Legend formatter={(value) => <span style={{ color: '#1d2a2e' }}>{value}</span>} />
        <Line type="monotone" dataKey="mood" name="Mood" stroke={MOOD_LINE_COLOUR} strokeWidth={2.5} dot={dense ? false : { r: 3 }} connectNulls={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="energy" name="Energy" stroke={ENERGY_COLOUR} strokeWidth={1.5} strokeDasharray="6 3" dot={false} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
