/**
 * A person's own data as CSV for a spreadsheet, written by csv-stringify. Every cell is quoted (so a
 * separator inside a reflection cannot start a new cell, whatever separator the spreadsheet uses) and
 * every text cell is defused against formula injection by `defuseFormula` (@haven/shared/csv): a
 * reflection such as "=HYPERLINK(…)" or "x;=1+1" stays text when the file is opened.
 * This is the one place Haven writes CSV: a new export should go through `toCsv`.
 */
import { stringify } from 'csv-stringify/sync';
import { defuseFormula } from '@haven/shared/csv';
import type { AssessmentView, EntryFields, EntryView } from '@haven/shared/wellness';

/** An entry as exported: its date and what the person wrote (the reflection only when it opened). */
export type EntryExportRow = Pick<EntryView, 'date' | keyof EntryFields>;

export type AssessmentExportRow = Pick<AssessmentView, 'date' | 'takenAt' | 'name' | 'score' | 'bandLabel' | 'selfHarmFlag' | 'answers'>;

type Cell = string | number | boolean | null | undefined;

// Numbers are Haven's own (scores, hours), never text a person typed: they stay numbers.
const cast = { string: (value: string) => defuseFormula(value), boolean: (value: boolean) => (value ? 'yes' : 'no') };

/** A CSV document: a header row and the rows, every cell quoted and defused, CRLF line ends and a BOM (for Excel). */
export function toCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify(
    rows.map((row) => [...row]),
    { header: true, columns: [...columns], cast, quoted: true, quoted_empty: true, record_delimiter: 'windows', bom: true },
  );
}

export function entriesCsv(rows: EntryExportRow[]): string {
  return toCsv(
    ['date', 'mood', 'energy', 'sleep_hours', 'emotions', 'activities', 'reflection'],
    rows.map((row) => [row.date, row.mood, row.energy, row.sleepHours, row.emotions.join('; '), row.activities.join('; '), row.reflection]),
  );
}

export function assessmentsCsv(rows: AssessmentExportRow[]): string {
  return toCsv(
    ['date', 'taken_at', 'questionnaire', 'score', 'severity', 'item_9_above_0', 'answers'],
    rows.map((row) => [row.date, row.takenAt, row.name, row.score, row.bandLabel, row.selfHarmFlag, row.answers.join(' ')]),
  );
}
