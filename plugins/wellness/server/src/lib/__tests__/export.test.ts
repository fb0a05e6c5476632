import { describe, expect, it } from 'vitest';
// The readers and hostile texts the integration test of the export uses as well.
import { HOSTILE_CELLS, readCsv, startsFormula } from '../../../../../../tests/helpers/csv';
import { assessmentsCsv, entriesCsv, toCsv } from '../export';

const HOSTILE = [...HOSTILE_CELLS, '\r=1'];

describe('toCsv', () => {
  it('quotes every cell, the header and empty ones too, with CRLF line ends and a BOM', () => {
    const csv = toCsv(['a', 'b', 'c', 'd', 'e'], [['plain', 3, null, true, '']]);
    expect(csv).toBe('\uFEFF"a","b","c","d","e"\r\n"plain","3","","yes",""\r\n');
  });

  it('doubles quotes inside a cell and keeps line breaks inside it', () => {
    const csv = toCsv(['reflection'], [['Line one, with "quotes"\nline two']]);
    expect(csv).toBe('\uFEFF"reflection"\r\n"Line one, with ""quotes""\nline two"\r\n');
  });

  it.each(HOSTILE)('%j reads as text (no formula cell) in a spreadsheet set to any separator', (value) => {
    const csv = toCsv(['date', 'reflection', 'mood'], [['2024-08-01', value, 3]]).replace(/^\uFEFF/, '');
    for (const separator of [',', ';', '\t', '|']) {
      const cells = readCsv(csv, separator).flat();
      expect(cells.filter(startsFormula), `${JSON.stringify(value)} with ${JSON.stringify(separator)}`).toEqual([]);
    }
    // With the file's own separator, the cell is the text with apostrophes before formula characters only.
    const [, row] = readCsv(csv, ',');
    expect(row[1].replaceAll("'", '')).toBe(value.replaceAll("'", ''));
  });
});

describe('entriesCsv and assessmentsCsv', () => {
  const entry = { date: '2024-08-01', mood: 4, energy: null, sleepHours: 7.5, emotions: ['calm', 'grateful'], activities: ['walk', '=1+1', 'x;=2+2'], reflection: null };

  it('joins labels a person typed and still defuses each one', () => {
    const rows = readCsv(entriesCsv([entry]).replace(/^\uFEFF/, ''), ',');
    expect(rows[0]).toEqual(['date', 'mood', 'energy', 'sleep_hours', 'emotions', 'activities', 'reflection']);
    expect(rows[1]).toEqual(['2024-08-01', '4', '', '7.5', 'calm; grateful', "walk; '=1+1; x;'=2+2", '']);
    for (const separator of [';', '\t', '|']) expect(readCsv(entriesCsv([entry]).replace(/^\uFEFF/, ''), separator).flat().filter(startsFormula)).toEqual([]);
  });

  it('writes assessments with yes/no flags and the answers as one cell', () => {
    const csv = assessmentsCsv([{ date: '2024-08-01', takenAt: '2024-08-01T09:00:00.000Z', name: 'PHQ-9', score: 12, bandLabel: 'Moderate', selfHarmFlag: true, answers: [1, 2, 1, 2, 1, 2, 1, 1, 1] }]);
    expect(csv.split('\r\n')[1]).toBe('"2024-08-01","2024-08-01T09:00:00.000Z","PHQ-9","12","Moderate","yes","1 2 1 2 1 2 1 1 1"');
  });
});
