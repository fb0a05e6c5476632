/** How many dates of a range fall on each weekday (the offered-hours count multiplies weekly blocks by it). Pure. */
const DAY_MS = 86_400_000;

/** Dates from `first` to `last` ('YYYY-MM-DD', both included) per ISO weekday, Monday (index 0) to Sunday; all zero when `last` is before `first`. */
export function weekdayCounts(first: string, last: string): number[] {
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= Date.parse(`${last}T00:00:00Z`); ms += DAY_MS) counts[(new Date(ms).getUTCDay() + 6) % 7] += 1;
  return counts;
}
