/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell a spreadsheet reads as starting with
 * =, +, -, @, tab or carriage return is run as a formula (`=HYPERLINK(…)`, DDE `=cmd|…`). Checking the
 * first character is not enough: a spreadsheet that splits on another separator (`;` in many
 * locales, tab, `|`), or that ignores the quotes, starts a new cell inside ours, so `x;=1+1` turns
 * into a formula there. Haven therefore quotes every cell (the CSV writer's job: csv-stringify with
 * `quoted` and `quoted_empty`) and, here, puts an apostrophe before a formula character wherever a
 * cell could begin: at the start, and after any character some spreadsheet splits cells or rows on,
 * spaces in between allowed. (A reader told to take the apostrophe as its quote character strips
 * the mark again: no escaping inside a cell can help there, which is why every cell is also quoted.)
 * Pure and browser-safe; one pass over the text.
 */

/** Characters that make a spreadsheet cell a formula, with the full-width forms some spreadsheets (East Asian input) treat alike. */
export const FORMULA_STARTS: ReadonlySet<string> = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/**
 * Characters after which some spreadsheet may begin a new cell or row: separators, line breaks and the
 * double quote (a reader that mistakes where a quoted cell ends goes on from there). Not the apostrophe:
 * it is the defusing mark itself.
 */
export const CELL_BOUNDARIES: ReadonlySet<string> = new Set([',', ';', '\t', '|', '\n', '\r', '"']);

/** Spaces a spreadsheet may trim from the start of a cell before it looks for a formula. */
const LEADING_SPACES: ReadonlySet<string> = new Set([' ', '\u00A0', '\u3000']);

/**
 * The text of one CSV cell with every place a formula could start defused by an apostrophe: at the
 * start and after each separator, line break or quote (spaces in between skipped). Other text is
 * unchanged; a cell with nothing to defuse is returned as it was.
 */
export function defuseFormula(text: string): string {
  let out = '';
  let copied = 0;
  // True at the start of the cell and after a boundary, until something other than a space comes.
  let cellStart = true;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (cellStart && FORMULA_STARTS.has(char)) {
      out += `${text.slice(copied, i)}'`;
      copied = i;
    }
    if (CELL_BOUNDARIES.has(char)) cellStart = true;
    else if (!LEADING_SPACES.has(char)) cellStart = false;
  }
  return out === '' ? text : out + text.slice(copied);
}
