/**
 * The export archive (issue 20): a zip holding `haven-export.json` (for machines: GDPR art. 20) and
 * `index.html` (for the person: every section as headed tables and lists). Pure (fflate and the shared
 * escaper only): every piece of text goes into the page through `escapeHtml`, and the page carries no
 * script and forbids any through its own Content-Security-Policy, since it holds what people wrote.
 */
import { strToU8, zipSync } from 'fflate';
import { escapeHtml } from '@haven/shared/html';

export const EXPORT_FORMAT = 'haven-export/1';

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  generatedAt: string;
  account: { userId: number; displayName: string };
  /** Plugin name → that plugin's sections, in ERASURE_ORDER. */
  plugins: Record<string, Record<string, unknown>>;
}

/** Nesting deeper than this is shown as JSON text (still escaped): no hook should need it. */
const MAX_DEPTH = 6;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Words from a key: `startsAt` → "starts at", `display_name` → "display name". */
export function label(key: string): string {
  return key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '<span class="none">—</span>';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint') return escapeHtml(String(value));
  return escapeHtml(JSON.stringify(value));
}

function table(rows: Record<string, unknown>[], depth: number): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const head = columns.map((key) => `<th scope="col">${escapeHtml(label(key))}</th>`).join('');
  const body = rows.map((row) => `<tr>${columns.map((key) => `<td>${render(row[key], depth + 1)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** One value as HTML: a list of records as a table, other lists as lists, a record as a definition list. */
export function render(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) return `<code>${escapeHtml(JSON.stringify(value) ?? '')}</code>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '<p class="none">Nothing.</p>';
    if (value.every(isRecord)) return table(value, depth);
    return `<ul>${value.map((item) => `<li>${render(item, depth + 1)}</li>`).join('')}</ul>`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '<p class="none">Nothing.</p>';
    return `<dl>${entries.map(([key, inner]) => `<dt>${escapeHtml(label(key))}</dt><dd>${render(inner, depth + 1)}</dd>`).join('')}</dl>`;
  }
  return scalar(value);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;display:block;overflow-x:auto}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}dt{font-weight:600}dd{margin:0 0 .5rem 1rem}.none{color:#555}h2{border-bottom:2px solid #333;margin-top:2.5rem}`;

/** The readable page: the account, then every plugin's sections under headings. */
export function renderHtml(doc: ExportDocument): string {
  const sections = Object.entries(doc.plugins)
    .map(([plugin, parts]) => {
      const inner = Object.entries(parts)
        .map(([name, value]) => `<section><h3>${escapeHtml(label(name))}</h3>\n${render(value)}\n</section>`)
        .join('\n');
      return `<section><h2>${escapeHtml(label(plugin))}</h2>\n${inner || '<p class="none">Haven holds nothing about you here.</p>'}\n</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Everything Haven holds about ${escapeHtml(doc.account.displayName)}</title>
<style>${STYLE}</style></head>
<body><main>
<h1>Everything Haven holds about you</h1>
<p>Account: ${escapeHtml(doc.account.displayName)}. Made on ${escapeHtml(doc.generatedAt)} (UTC). The same data, for other programs, is in <code>haven-export.json</code>.</p>
${sections}
</main></body></html>
`;
}

/** The zip: haven-export.json and index.html. */
export function buildArchive(doc: ExportDocument): Uint8Array {
  const mtime = new Date(doc.generatedAt);
  return zipSync(
    {
      'haven-export.json': [strToU8(JSON.stringify(doc, null, 2)), { mtime }],
      'index.html': [strToU8(renderHtml(doc)), { mtime }],
    },
    { level: 6 },
  );
}
