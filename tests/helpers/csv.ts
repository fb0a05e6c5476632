/**
 * Reading CSV back the way a spreadsheet does, for the export tests: RFC 4180 quoting, CRLF rows,
 * and a chosen separator (a spreadsheet set to `;`, tab or `|` reads a comma file with that one).
 */
export function readCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i += 1;
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Cell texts that try to start a formula: first character, after each separator, after line breaks and quotes. */
export const HOSTILE_CELLS = [
  'x;=1+1',
  '=1+1',
  'x,=1+1',
  'x\t=1+1',
  'x|=1+1',
  '@SUM(A1:A9)',
  '+1',
  '-1',
  '\t=1',
  ' =1',
  'a\n=1',
  'a\r\n=1',
  '=HYPERLINK("http://evil.example","x")',
  "=cmd|' /C calc'!A0",
  '"=1',
  'x";=1',
  'calm; -2+3',
  '\uFF1D1+1',
];

/** Does a cell, as a spreadsheet reads it, start a formula (spaces before it allowed)? */
export const startsFormula = (cell: string) => /^[ \u00A0\u3000]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell);
