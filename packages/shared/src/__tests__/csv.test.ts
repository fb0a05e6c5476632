import { describe, expect, it } from 'vitest';
import { CELL_BOUNDARIES, FORMULA_STARTS, defuseFormula } from '../csv';

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The cells a spreadsheet that ignores quotes would see, splitting on `separator`, on line breaks and
 * at double quotes: those that begin (after spaces) with a formula character.
 */
function formulaCells(text: string, separator: string): string[] {
  const found: string[] = [];
  let cell = '';
  const flush = () => {
    const start = cell.replace(/^[ \u00A0\u3000]*/, '');
    if (start.length > 0 && FORMULA_STARTS.has(start[0])) found.push(cell);
    cell = '';
  };
  for (const char of text) {
    if (char === separator || char === '\n' || char === '\r' || char === '"') flush();
    else cell += char;
  }
  flush();
  return found;
}

const SEPARATORS = [',', ';', '\t', '|'];
const formulaCellsAnywhere = (text: string) => SEPARATORS.flatMap((separator) => formulaCells(text, separator));

describe('defuseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t'=1"],
    ['\r=1', "'\r'=1"],
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['a|=cmd', "a|'=cmd"],
    ['x;=1+1', "x;'=1+1"],
    ['x,=1+1', "x,'=1+1"],
    ['x|=1+1', "x|'=1+1"],
    ['x\t=1+1', "x\t'=1+1"],
    ['line one\n=1+1', "line one\n'=1+1"],
    ['line one\r\n@x', "line one\r\n'@x"],
    ['a,\r=1', "a,'\r'=1"],
    ['walk; =1+1', "walk; '=1+1"],
    ['x;   -2', "x;   '-2"],
    ['x;\u00A0+2', "x;\u00A0'+2"],
    ['  =1', "  '=1"],
    ['\u3000=1', "\u3000'=1"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['a;\uFF0B1', "a;'\uFF0B1"],
    ['\uFF0D1', "'\uFF0D1"],
    ['\uFF20x', "'\uFF20x"],
    ['x"=1', `x"'=1`],
    ['==', "'=="],
    [';;=', ";;'="],
  ])('%j becomes %j', (input, expected) => {
    expect(defuseFormula(input)).toBe(expected);
  });

  it.each(['', "x'=1", "'=1", 'calm', 'I felt a-ok today', 'a=b', 'x+y', 'mail@haven.example', '3 - 2', 'walk; rock climbing', 'café ☕', 'semi;colon', '2024-08-01', 'under_score'])(
    'leaves %j unchanged',
    (input) => {
      expect(defuseFormula(input)).toBe(input);
    },
  );

  it.each([...SEPARATORS, '\n', '\r', '"'])('defuses after the boundary %j, with and without spaces, for every formula character', (boundary) => {
    expect(CELL_BOUNDARIES.has(boundary)).toBe(true);
    for (const start of FORMULA_STARTS) {
      for (const spaces of ['', ' ', '   ', '\u00A0']) {
        const text = `calm${boundary}${spaces}${start}1+1`;
        // (Tab and carriage return are separators themselves for some readers: the model sees no cell start there.)
        if (start !== '\t' && start !== '\r') expect(formulaCellsAnywhere(text).length, JSON.stringify(text)).toBeGreaterThan(0);
        expect(defuseFormula(text)).toContain(`'${start}`);
        expect(formulaCellsAnywhere(defuseFormula(text)), JSON.stringify(text)).toEqual([]);
      }
    }
  });

  it('only adds apostrophes: removing the ones it added gives the text back', () => {
    const next = random(7);
    const alphabet = ['a', 'b', ' ', '=', '+', '-', '@', '\t', '\r', '\n', ',', ';', '|', '"', "'", '\u00A0', '\uFF1D', '1', '(', ')'];
    for (let n = 0; n < 3000; n += 1) {
      const length = Math.floor(next() * 24);
      let text = '';
      for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(next() * alphabet.length)];
      const defused = defuseFormula(text);
      // The text is a subsequence of the result; every extra character is an apostrophe before a formula character.
      let j = 0;
      for (let i = 0; i < defused.length; i += 1) {
        if (defused[i] === text[j]) j += 1;
        else {
          expect(defused[i], JSON.stringify(text)).toBe("'");
          expect(FORMULA_STARTS.has(defused[i + 1]), JSON.stringify(text)).toBe(true);
        }
      }
      expect(j).toBe(text.length);
    }
  });

  it('leaves no place where any spreadsheet could start a formula, over 5,000 generated cells', () => {
    const next = random(42);
    const alphabet = ['x', ' ', '=', '+', '-', '@', '\t', '\r', '\n', ',', ';', '|', '"', "'", '\u00A0', '\u3000', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', '1'];
    let withFormulas = 0;
    for (let n = 0; n < 5000; n += 1) {
      const length = 1 + Math.floor(next() * 30);
      let text = '';
      for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(next() * alphabet.length)];
      if (formulaCellsAnywhere(text).length > 0) withFormulas += 1;
      expect(formulaCellsAnywhere(defuseFormula(text)), JSON.stringify(text)).toEqual([]);
    }
    // The generator did try: most raw cells would have held a formula somewhere.
    expect(withFormulas).toBeGreaterThan(2500);
  });

  it('takes linear time: a 1 MB cell of separators and formula characters in well under a second', () => {
    const text = ';='.repeat(512 * 1024);
    const started = performance.now();
    const defused = defuseFormula(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(defused.length).toBe(text.length + 512 * 1024);
  });
});
