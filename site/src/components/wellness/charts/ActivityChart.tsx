import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MOOD_COLOURS } from './palette';

export interface ActivityBar {
  activity: string;
  moodWith: number | null;
  moodWithout: number | null;
}

/** Mean mood on days with and without each activity (Recharts, horizontal bars). */
export default function ActivityChart({ bars }: { bars: ActivityBar[] }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(180, bars.length * 44 + 60)}>
      <BarChart data={bars} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="#d5dcd9" horizontal={false} />
        <XAxis type="number" domain={[0, 5]} ticks={[0, 1, 2, 3, 4, 5]} tick={{ fill: '#1d2a2e', fontSize: 12 }} />
        <YAxis type="category" dataKey="activity" width={110} tick={{ fill: '#1d2a2e', fontSize: 12 }} />
        <Tooltip />
        <Legend formatter={(value) => <span style={{ color: '#1d2a2e' }}>{value}</span>} />
        <Bar dataKey="moodWith" name="Mood on days with it" fill={MOOD_COLOURS[5]} isAnimationActive={false} />
        <Bar dataKey="moodWithout" name="Mood on days without it" fill={MOOD_COLOURS[3]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
