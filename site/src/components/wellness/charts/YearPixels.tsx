import { useEffect, useState } from 'react';
import { Cell, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { moodColour } from './palette';

export interface DayPixel {
  month: number;
  day: number;
  mood: number | null;
  date: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A year in pixels (Recharts scatter of squares): one square per day, months across, days down, coloured by mood. */
/** True on a phone-width screen, where twelve three-letter month names would run into each other. */
function useNarrow(query = '(max-width: 30rem)') {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const media = window.matchMedia(query);
    setNarrow(media.matches);
    const update = () => setNarrow(media.matches);
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, [query]);
  return narrow;
}

export default function YearPixels({ days }: { days: DayPixel[] }) {
  const narrow = useNarrow();
  return (
    <ResponsiveContainer width="100%" height={560}>
      <ScatterChart margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
        <XAxis
          type="number"
          dataKey="month"
          domain={[0.5, 12.5]}
          ticks={[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}
          tickFormatter={(m: number) => (narrow ? (MONTHS[m - 1] ?? '').slice(0, 1) : (MONTHS[m - 1] ?? ''))}
          orientation="top"
          tick={{ fill: '#1d2a2e', fontSize: 12 }}
          interval={0}
        />
        <YAxis type="number" dataKey="day" domain={[0.5, 31.5]} reversed ticks={[1, 5, 10, 15, 20, 25, 31]} width={28} tick={{ fill: '#1d2a2e', fontSize: 12 }} />
        <ZAxis type="number" range={[230, 230]} />
        <Tooltip cursor={false} formatter={(_value, _name, item) => [item?.payload?.mood ?? 'no check-in', item?.payload?.date ?? '']} />
        <Scatter data={days} shape="square" isAnimationActive={false}>
          {days.map((d) => (
            <Cell key={d.date} fill={moodColour(d.mood)} stroke={d.mood === null ? '#c8c8c8' : 'none'} />
          ))}
        </Scatter>
      </ScatterChart>
    </ResponsiveContainer>
  );
}
