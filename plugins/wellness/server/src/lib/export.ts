/**
 * A person's own data as CSV (csv-stringify) for a spreadsheet. Cells that a spreadsheet would run as
 * a formula (=, +, -, @, tab, carriage return first) get a leading apostrophe: a reflection that starts
 * with "=HYPERLINK(…)" stays text when the file is opened.
 */
import { stringify } from 'csv-stringify/sync';

export interface EntryExportRow {
  date: string;
  mood: number;
  energy: number | null;
  sleepHours: number | null;
  emotions: string[];
  activities: string[];
  reflection: string | null;
}

export interface AssessmentExportRow {
  date: string;
  takenAt: string;
  name: string;
  score: number;
  bandLabel: string;
  selfHarmFlag: boolean;
  answers: number[];
}

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
