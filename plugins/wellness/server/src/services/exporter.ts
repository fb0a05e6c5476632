/** GET /export: everything Haven keeps about a person's wellness, for them alone, as JSON or CSV. */
import { WELLNESS_LIMITS } from '@haven/shared/wellness';
import { assessmentsCsv, entriesCsv } from '../lib/export';
import type { ExportQuery } from '../lib/validation';
import { getService } from '../get-service';
import { entryExportView } from '../views';

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
}

export default () => ({
  async export(userId: number, query: ExportQuery, now: Date = new Date()): Promise<ExportFile> {
    const { today, timeZone } = await getService('entries').rangeFor(userId, {});
    // Everything: from the earliest date an entry may have up to today.
    const all = { from: WELLNESS_LIMITS.earliestDate, to: today };
    const stamp = today;
    const [entries, assessments] = await Promise.all([
      query.format === 'csv' && query.dataset === 'assessments' ? Promise.resolve([]) : getService('entries').list(userId, all, { reflections: true }),
      query.format === 'csv' && query.dataset === 'entries' ? Promise.resolve([]) : getService('assessments').list(userId, all),
    ]);

    if (query.format === 'csv') {
      return query.dataset === 'entries'
        ? { filename: `haven-wellness-entries-${stamp}.csv`, contentType: 'text/csv; charset=utf-8', body: entriesCsv(entries) }
        : { filename: `haven-wellness-assessments-${stamp}.csv`, contentType: 'text/csv; charset=utf-8', body: assessmentsCsv(assessments) };
    }
    const [settings, sharing] = await Promise.all([getService('settings').get(userId), getService('consent').overview(userId)]);
    const body = {
      exportedAt: now.toISOString(),
      timeZone,
      entries: entryExportView.pickAll(entries),
      assessments,
      settings,
      sharing,
    };
    return { filename: `haven-wellness-${stamp}.json`, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body, null, 2) };
  },
});
