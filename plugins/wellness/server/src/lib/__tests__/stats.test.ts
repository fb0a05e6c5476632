import { describe, expect, it } from 'vitest';
import { computeStats, streaks, type StatsEntryRow } from '../stats';

const entry = (localDate: string, mood: number, activities: string[] = [], extra: Partial<StatsEntryRow> = {}): StatsEntryRow => ({
  localDate,
  mood,
  energy: null,
  sleepHours: null,
  activities,
  emotions: [],
  ...extra,
});

describe('streaks', () => {
  it('counts consecutive local days, alive until a whole day is missed', () => {
    const dates = ['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-05', '2024-03-06'];
    expect(streaks(dates, '2024-03-06')).toEqual({ current: 2, longest: 3, lastEntryDate: '2024-03-06' });
    expect(streaks(dates, '2024-03-07')).toMatchObject({ current: 2 }); // today not logged yet
    expect(streaks(dates, '2024-03-08')).toMatchObject({ current: 0, longest: 3 });
    expect(streaks([], '2024-03-08')).toEqual({ current: 0, longest: 0, lastEntryDate: null });
  });

  it('runs across a DST change and a month end without a gap', () => {
    const dates = ['2024-02-28', '2024-02-29', '2024-03-01', '2024-03-09', '2024-03-10', '2024-03-11'];
    expect(streaks(dates, '2024-03-11')).toEqual({ current: 3, longest: 3, lastEntryDate: '2024-03-11' });
  });
});

describe('computeStats', () => {
  const entries = [
    entry('2024-03-04', 2, ['work'], { energy: 2, sleepHours: 6 }),
    entry('2024-03-05', 4, ['walk', 'work'], { energy: 4, sleepHours: 8, emotions: ['calm'] }),
    entry('2024-03-06', 5, ['walk'], { energy: 5 }),
    entry('2024-03-11', 3, [], { emotions: ['calm', 'tired'] }),
  ];
  const base = { from: '2024-03-04', to: '2024-03-17', today: '2024-03-17', entries, allDates: entries.map((e) => e.localDate), assessments: [] };

  it('buckets by day with empty days as gaps', () => {
    const stats = computeStats({ ...base, bucket: 'day' });
    expect(stats.series).toHaveLength(14);
    expect(stats.series[0]).toEqual({ start: '2024-03-04', entries: 1, mood: 2, energy: 2, sleepHours: 6 });
    expect(stats.series[3]).toEqual({ start: '2024-03-07', entries: 0, mood: null, energy: null, sleepHours: null });
    expect(stats.averages).toEqual({ mood: 3.5, energy: 3.67, sleepHours: 7, entries: 4, daysInRange: 14 });
  });

  it('buckets by ISO week and by month', () => {
    const weeks = computeStats({ ...base, bucket: 'week' }).series;
    expect(weeks.map((w) => [w.start, w.entries, w.mood])).toEqual([
      ['2024-03-04', 3, 3.67],
      ['2024-03-11', 1, 3],
    ]);
    const months = computeStats({ ...base, from: '2024-02-20', bucket: 'month' }).series;
    expect(months.map((m) => [m.start, m.entries])).toEqual([
      ['2024-02-01', 0],
      ['2024-03-01', 4],
    ]);
  });

  it('compares mood with and without each activity', () => {
    const { activities } = computeStats({ ...base, bucket: 'day' });
    expect(activities).toEqual([
      { activity: 'walk', daysWith: 2, moodWith: 4.5, daysWithout: 2, moodWithout: 2.5, difference: 2 },
      { activity: 'work', daysWith: 2, moodWith: 3, daysWithout: 2, moodWithout: 4, difference: -1 },
    ]);
  });

  it('counts emotions by days and groups assessments by questionnaire', () => {
    const stats = computeStats({
      ...base,
      bucket: 'day',
      assessments: [
        { kind: 'phq9', localDate: '2024-03-05', takenAt: '2024-03-05T10:00:00.000Z', score: 12, band: 'moderate', selfHarmFlag: true },
        { kind: 'gad7', localDate: '2024-03-06', takenAt: '2024-03-06T10:00:00.000Z', score: 4, band: 'minimal', selfHarmFlag: false },
      ],
    });
    expect(stats.emotions).toEqual([
      { emotion: 'calm', days: 2 },
      { emotion: 'tired', days: 1 },
    ]);
    expect(stats.assessments.phq9).toEqual([{ date: '2024-03-05', takenAt: '2024-03-05T10:00:00.000Z', score: 12, band: 'moderate', selfHarmFlag: true }]);
    expect(stats.assessments.gad7).toHaveLength(1);
  });
});
