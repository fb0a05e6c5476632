/**
 * Progress statistics from a person's rows (pure: no Strapi, unit-tested). One pass over the entries
 * of the range builds the series, the averages and the activity comparison; one pass over every
 * entry date gives the streaks. A user with five years of daily entries is about 1,800 rows.
 */
import type { ActivityComparison, AssessmentKind, SeriesPoint, Stats } from '@haven/shared/wellness';
import { type Bucket, bucketStartDay, dateOfDay, dayNumber, nextBucketStartDay } from './dates';

export interface StatsEntryRow {
  localDate: string;
  mood: number;
  energy: number | null;
  sleepHours: number | null;
  activities: string[];
  emotions: string[];
}

export interface StatsAssessmentRow {
  kind: AssessmentKind;
  localDate: string;
  takenAt: string;
  score: number;
  band: string;
  selfHarmFlag: boolean;
}

export type { ActivityComparison, SeriesPoint, Stats } from '@haven/shared/wellness';

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;
const mean = (sum: number, count: number) => (count > 0 ? round(sum / count) : null);

/** Current and longest runs of consecutive days with an entry; `dates` ascending, distinct. */
export function streaks(dates: readonly string[], today: string): Stats['streaks'] {
  let longest = 0;
  let run = 0;
  let previous = Number.NaN;
  for (const date of dates) {
    const day = dayNumber(date);
    run = day === previous + 1 ? run + 1 : 1;
    if (run > longest) longest = run;
    previous = day;
  }
  const last = dates.length ? dates[dates.length - 1] : null;
  const todayDay = dayNumber(today);
  // A streak is still alive until a whole day passes without an entry: today may not be logged yet.
  const alive = last !== null && (previous === todayDay || previous === todayDay - 1);
  return { current: alive ? run : 0, longest, lastEntryDate: last };
}

export function computeStats(input: {
  from: string;
  to: string;
  bucket: Bucket;
  today: string;
  /** Entries with from ≤ localDate ≤ to, ascending. */
  entries: readonly StatsEntryRow[];
  /** Every entry date of the person, ascending (for streaks). */
  allDates: readonly string[];
  /** Assessments in the range, ascending by time. */
  assessments: readonly StatsAssessmentRow[];
}): Stats {
  const { from, to, bucket, today } = input;
  const fromDay = dayNumber(from);
  const toDay = dayNumber(to);

  // Buckets: every one in the range, empty ones included, so that charts show gaps as gaps.
  const series: SeriesPoint[] = [];
  const sums: { mood: number; energy: number; energyCount: number; sleep: number; sleepCount: number }[] = [];
  // Which bucket a day falls in: by offset for days and weeks, by month start for months.
  const firstStart = bucketStartDay(fromDay, bucket);
  const monthIndex = new Map<number, number>();
  for (let start = firstStart; start <= toDay; start = nextBucketStartDay(start, bucket)) {
    if (bucket === 'month') monthIndex.set(start, series.length);
    series.push({ start: dateOfDay(start), entries: 0, mood: null, energy: null, sleepHours: null });
    sums.push({ mood: 0, energy: 0, energyCount: 0, sleep: 0, sleepCount: 0 });
  }
  const indexOf = (day: number): number | undefined =>
    bucket === 'day' ? day - firstStart : bucket === 'week' ? Math.floor((day - firstStart) / 7) : monthIndex.get(bucketStartDay(day, 'month'));

  let moodSum = 0;
  let energySum = 0;
  let energyCount = 0;
  let sleepSum = 0;
  let sleepCount = 0;
  const activityTotals = new Map<string, { days: number; moodSum: number }>();
  const emotionDays = new Map<string, number>();

  for (const entry of input.entries) {
    const day = dayNumber(entry.localDate);
    if (day < fromDay || day > toDay) continue;
    const index = indexOf(day);
    if (index === undefined) continue;
    const point = series[index];
    const sum = sums[index];
    point.entries++;
    sum.mood += entry.mood;
    moodSum += entry.mood;
    if (entry.energy !== null) {
      sum.energy += entry.energy;
      sum.energyCount++;
      energySum += entry.energy;
      energyCount++;
    }
    if (entry.sleepHours !== null) {
      sum.sleep += entry.sleepHours;
      sum.sleepCount++;
      sleepSum += entry.sleepHours;
      sleepCount++;
    }
    // Stored lists hold each activity and emotion once (the API removes repeats before writing).
    for (const activity of entry.activities) {
      const total = activityTotals.get(activity) ?? { days: 0, moodSum: 0 };
      total.days++;
      total.moodSum += entry.mood;
      activityTotals.set(activity, total);
    }
    for (const emotion of entry.emotions) emotionDays.set(emotion, (emotionDays.get(emotion) ?? 0) + 1);
  }

  series.forEach((point, index) => {
    const sum = sums[index];
    point.mood = mean(sum.mood, point.entries);
    point.energy = mean(sum.energy, sum.energyCount);
    point.sleepHours = mean(sum.sleep, sum.sleepCount);
  });

  const entries = input.entries.length;
  // With and without each activity: "without" is every other entry of the range.
  const activities: ActivityComparison[] = [...activityTotals.entries()]
    .map(([activity, total]) => {
      const moodWith = mean(total.moodSum, total.days);
      const moodWithout = mean(moodSum - total.moodSum, entries - total.days);
      return {
        activity,
        daysWith: total.days,
        moodWith,
        daysWithout: entries - total.days,
        moodWithout,
        difference: moodWith !== null && moodWithout !== null ? round(moodWith - moodWithout) : null,
      };
    })
    .sort((a, b) => b.daysWith - a.daysWith || a.activity.localeCompare(b.activity));

  const assessments: Stats['assessments'] = { phq9: [], gad7: [] };
  for (const row of input.assessments) {
    assessments[row.kind].push({ date: row.localDate, takenAt: row.takenAt, score: row.score, band: row.band, selfHarmFlag: row.selfHarmFlag });
  }

  return {
    range: { from, to, bucket, today },
    series,
    averages: { mood: mean(moodSum, entries), energy: mean(energySum, energyCount), sleepHours: mean(sleepSum, sleepCount), entries, daysInRange: toDay - fromDay + 1 },
    streaks: streaks(input.allDates, today),
    assessments,
    activities,
    emotions: [...emotionDays.entries()].map(([emotion, days]) => ({ emotion, days })).sort((a, b) => b.days - a.days || a.emotion.localeCompare(b.emotion)),
  };
}
