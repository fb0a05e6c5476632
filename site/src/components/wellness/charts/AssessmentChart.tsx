import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ASSESSMENTS, type AssessmentKind } from '@haven/shared/wellness';
import { BAND_COLOURS } from './palette';

export interface ScorePoint {
  label: string;
  score: number;
}

/** Scores of one questionnaire over time over its severity bands (Recharts reference areas). */
export default function AssessmentChart({ kind, points }: { kind: AssessmentKind; points: ScorePoint[] }) {
  const definition = ASSESSMENTS[kind];
  return (
    <ResponsiveContainer width="100%" height={300}>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
        {definition.bands.map((band) => (
          <ReferenceArea
            key={band.key}
            y1={band.min === 0 ? 0 : band.min - 0.5}
            y2={band.max === definition.maxScore ? band.max : band.max + 0.5}
            fill={BAND_COLOURS[band.key]}
            fillOpacity={1}
            ifOverflow="hidden"
            label={{ value: band.label, position: 'insideRight', fill: '#1d2a2e', fontSize: 11 }}
          />
        ))}
        <CartesianGrid strokeDasharray="3 3" stroke="#c9d1ce" />
        <XAxis dataKey="label" minTickGap={24} tick={{ fill: '#1d2a2e', fontSize: 12 }} />
        <YAxis domain={[0, definition.maxScore]} width={32} tick={{ fill: '#1d2a2e', fontSize: 12 }} />
        <Tooltip />
        <Line type="monotone" dataKey="score" name={`${definition.name} score`} stroke="#1d2a2e" strokeWidth={2.5} dot={{ r: 4 }} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
