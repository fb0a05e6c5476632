/**
 * A person's own data as CSV (csv-stringify) for a spreadsheet. Cells that a spreadsheet would run as
 * a formula (=, +, -, @, tab, carriage return first) get a leading apostrophe: a reflection that starts
 * with "=HYPERLINK(…)" stays text when the file is opened.
 */
import { stringify } from 'csv-stringify/sync';
import type { AssessmentView, EntryFields, EntryView } from '@haven/shared/wellness';

/** An entry as exported: its date and what the person wrote (the reflection only when it opened). */
export type EntryExportRow = Pick<EntryView, 'date' | keyof EntryFields>;

export type AssessmentExportRow = Pick<AssessmentView, 'date' | 'takenAt' | 'name' | 'score' | 'bandLabel' | 'selfHarmFlag' | 'answers'>;

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/** A cell as text, defused against spreadsheet formula injection. */
export function safeCell(value: string): string {
  return value.length > 0 && FORMULA_START.has(value[0]) ? `'${value}` : value;
}

const cast = { string: (value: string) => safeCell(value), boolean: (value: boolean) => (value ? 'yes' : 'no') };

export function entriesCsv(rows: EntryExportRow[]): string {
  return stringify(
    rows.map((row) => [row.date, row.mood, row.energy ?? '', row.sleepHours ?? '', row.emotions.join('; '), row.activities.join('; '), row.reflection ?? '']),
    { header: true, columns: ['date', 'mood', 'energy', 'sleep_hours', 'emotions', 'activities', 'reflection'], cast, record_delimiter: 'windows', bom: true },
  );
}

export function assessmentsCsv(rows: AssessmentExportRow[]): string {
  return stringify(
    rows.map((row) => [row.date, row.takenAt, row.name, row.score, row.bandLabel, row.selfHarmFlag, row.answers.join(' ')]),
    { header: true, columns: ['date', 'taken_at', 'questionnaire', 'score', 'severity', 'item_9_above_0', 'answers'], cast, record_delimiter: 'windows', bom: true },
  );
}
