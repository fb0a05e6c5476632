#!/usr/bin/env node
/**
 * The site's import rules for its .astro files, which dependency-cruiser cannot read
 * (.dependency-cruiser.cjs checks the site's .ts and .tsx with the same rules, rule site-browser-safe-only):
 * the site talks to the CMS over HTTP, so it imports no plugin, nothing of the CMS and no server-only
 * @haven/shared/server/* module, only the browser-safe @haven/shared/<module>.
 *
 * Reads the frontmatter and the <script> blocks of every site/src/**\/*.astro (or the folders and
 * files given as arguments, relative to the root), one line at a time with linear expressions.
 * Exit 0 when clean, 1 with one line per forbidden import otherwise.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; `--root <dir>` checks another tree laid out the same way (used to test these rules). */
const rootFlag = process.argv.indexOf('--root');
const ROOT = rootFlag > 0 ? path.resolve(process.argv[rootFlag + 1]) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = process.argv.slice(2).filter((arg, i, all) => arg !== '--root' && all[i - 1] !== '--root');

/** Specifiers of one line: `… from 'x'`, `import 'x'`, `import('x')`. No nested quantifiers: linear time. */
const SPECIFIER_PATTERNS = [/\bfrom\s*(['"])([^'"]+)\1/g, /^\s*import\s*(['"])([^'"]+)\1/g, /\bimport\s*\(\s*(['"])([^'"]+)\1/g];

/** What the site must not import, by package name or by the repository path a relative import reaches. */
const FORBIDDEN = [
  { name: /^@haven\/plugin-[^/]+(\/|$)/, path: /^plugins\//, why: 'a plugin (the site talks to the CMS over HTTP)' },
  { name: /^@haven\/cms(\/|$)/, path: /^cms\//, why: 'the CMS (the site talks to it over HTTP)' },
  { name: /^@haven\/shared\/server(\/|$)/, path: /^packages\/shared\/(src|dist\/cjs)\/server(\/|$)/, why: 'server-only @haven/shared/server code' },
];

/** The lines that hold imports: the frontmatter between the first two `---` lines, and <script> blocks. */
export function codeLines(source) {
  const lines = source.split(/\r?\n/);
  const code = [];
  let inFrontmatter = lines[0]?.trim() === '---';
  let inScript = false;
  for (let i = inFrontmatter ? 1 : 0; i < lines.length; i++) {
    const line = lines[i];
    if (inFrontmatter) {
      if (line.trim() === '---') inFrontmatter = false;
      else code.push({ line, number: i + 1 });
    } else if (inScript) {
      if (/<\/script\s*>/i.test(line)) inScript = false;
      else code.push({ line, number: i + 1 });
    } else if (/<script\b/i.test(line) && !/<\/script\s*>/i.test(line)) {
      inScript = true;
    }
  }
  return code;
}

/** Every module specifier imported on the given lines. */
export function importsOf(source) {
  const found = [];
  for (const { line, number } of codeLines(source)) {
    for (const pattern of SPECIFIER_PATTERNS) {
      for (const match of line.matchAll(pattern)) found.push({ specifier: match[2], line: number });
    }
  }
  return found;
}

/** Why an import from `file` (repository-relative) is forbidden, or null when it is allowed. */
export function violationOf(file, specifier) {
  const target = specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) : null;
  for (const rule of FORBIDDEN) {
    if (target ? rule.path.test(target) : rule.name.test(specifier)) return rule.why;
  }
  return null;
}

function astroFiles(entry) {
  const stats = statSync(entry);
  if (stats.isFile()) return entry.endsWith('.astro') ? [entry] : [];
  return readdirSync(entry, { withFileTypes: true }).flatMap((child) =>
    child.name === 'node_modules' || child.name === 'dist' ? [] : astroFiles(path.join(entry, child.name)),
  );
}

function main(roots) {
  const files = roots.flatMap((root) => astroFiles(path.resolve(ROOT, root)));
  const problems = [];
  for (const absolute of files) {
    const file = path.relative(ROOT, absolute).split(path.sep).join('/');
    for (const { specifier, line } of importsOf(readFileSync(absolute, 'utf8'))) {
      const why = violationOf(file, specifier);
      if (why) problems.push(`${file}:${line} imports "${specifier}": the site may not import ${why}`);
    }
  }
  if (problems.length) {
    console.error(`✘ site imports: ${problems.length} forbidden import${problems.length === 1 ? '' : 's'} (rule site-browser-safe-only)`);
    for (const problem of problems) console.error(`  ${problem}`);
    process.exitCode = 1;
  } else {
    console.log(`✔ site imports: no forbidden import in ${files.length} .astro files`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(ROOTS.length ? ROOTS : ['site/src']);
}
