#!/usr/bin/env node
/**
 * `npm run specs:extract`: pins the facts Haven's payment stand-ins are held to. For each provider in
 * tests/contracts/sources.json it reads the provider's published OpenAPI description at the pinned
 * commit and writes, next to sources.json, a trimmed OpenAPI document holding only what Haven uses:
 * the operations it calls (parameters, request and response schemas), the component schemas it names
 * (events and the objects they carry) and everything those reference, with prose (descriptions,
 * summaries, examples, vendor notes) dropped. Stripe's fixtures (its own example objects) are pinned
 * the same way; the Stripe stand-in builds its answers from them.
 *
 * Where the documents come from, first that answers:
 *   --source <provider>=<path>  a clone of the provider's repository (read with `git show <commit>:<file>`)
 *   /work/.mirror/<owner>+<name>/repo, a local mirror, when present;
 *   https://raw.githubusercontent.com/<repository>/<commit>/<file>.
 * Options:
 *   --commit <provider>=<sha>   read another commit than the pinned one (sources.json is updated);
 *   --check                     write nothing, exit 1 when the pinned documents differ from the files.
 * Every run prints what changed against the files already in the repo (added, removed and changed
 * JSON pointers), so rerunning on a newer commit shows what the provider changed in what Haven uses.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONTRACTS = path.join(ROOT, 'tests', 'contracts');
const SOURCES = path.join(CONTRACTS, 'sources.json');

/** Keys that carry prose or vendor notes, not rules a request or an answer must follow. */
const PROSE = new Set(['description', 'summary', 'externalDocs', 'example', 'examples', 'x-stripeResource', 'x-stripeOperations', 'x-expansionResources', 'x-stripeBypassValidation', 'x-stripeMostCommon', 'x-operation-name', 'x-sdk-operation-name', 'x-codegen-request-body-name', 'x-serviceName', 'x-visibility', 'x-api-name', 'x-badge', 'x-deprecated-note', 'x-sdk-method', 'x-note']);

function parseArgs(argv) {
  const args = { source: {}, commit: {}, check: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') args.check = true;
    else if (arg === '--source' || arg === '--commit') {
      const [provider, value] = String(argv[++i] ?? '').split('=');
      if (!provider || !value) throw new Error(`${arg} takes <provider>=<value>`);
      args[arg.slice(2)][provider] = value;
    } else throw new Error(`unknown option ${arg}`);
  }
  return args;
}

async function readDocument(repository, commit, file, source) {
  const mirror = path.join('/work/.mirror', repository.replace('/', '+'), 'repo');
  for (const gitDir of [source, fs.existsSync(mirror) ? mirror : null].filter(Boolean)) {
    try {
      return execFileSync('git', ['--git-dir', fs.existsSync(path.join(gitDir, '.git')) ? path.join(gitDir, '.git') : gitDir, 'show', `${commit}:${file}`], { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
    } catch {
      // Not in this copy (a shallow mirror may lack large blobs): try the next place.
    }
  }
  const url = `https://raw.githubusercontent.com/${repository}/${commit}/${file}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.text();
}

const parse = (text, file) => (file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: -1 }));

/** A copy without prose keys (inside `properties` every key is a field name and is kept). */
function withoutProse(node, inProperties = false) {
  if (Array.isArray(node)) return node.map((item) => withoutProse(item));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (!inProperties && PROSE.has(key)) continue;
    out[key] = withoutProse(value, !inProperties && (key === 'properties' || key === 'patternProperties'));
  }
  return out;
}

/** Every local $ref under node, as [section, name] ('#/components/schemas/money' → ['schemas', 'money']). */
function refsOf(node, found = []) {
  if (Array.isArray(node)) node.forEach((item) => refsOf(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const match = /^#\/components\/([^/]+)\/(.+)$/.exec(value);
        if (!match) throw new Error(`a $ref outside this document: ${value}`);
        found.push([match[1], match[2].replace(/~1/g, '/').replace(/~0/g, '~')]);
      } else refsOf(value, found);
    }
  }
  return found;
}

function trim(doc, spec, provenance) {
  const paths = {};
  for (const [method, route] of spec.operations) {
    const operation = doc.paths?.[route]?.[method];
    if (!operation) throw new Error(`${provenance.file}: no ${method.toUpperCase()} ${route}`);
    const shared = doc.paths[route].parameters;
    paths[route] ??= shared ? { parameters: shared } : {};
    paths[route][method] = operation;
  }
  const enums = {};
  for (const [name, [method, route, field]] of Object.entries(spec.enums ?? {})) {
    const schema = doc.paths?.[route]?.[method]?.requestBody?.content?.['application/x-www-form-urlencoded']?.schema?.properties?.[field];
    const values = schema?.items?.enum ?? schema?.enum;
    if (!Array.isArray(values)) throw new Error(`${provenance.file}: no enum at ${method} ${route} ${field}`);
    enums[name] = [...values].sort();
  }
  const components = {};
  const pending = [...refsOf(paths), ...(spec.schemas ?? []).map((name) => ['schemas', name])];
  if (doc.components?.securitySchemes) components.securitySchemes = doc.components.securitySchemes;
  while (pending.length) {
    const [section, name] = pending.pop();
    if (components[section]?.[name]) continue;
    const value = doc.components?.[section]?.[name];
    if (value === undefined) throw new Error(`${provenance.file}: no component ${section}/${name}`);
    (components[section] ??= {})[name] = value;
    pending.push(...refsOf(value));
  }
  for (const section of Object.keys(components)) components[section] = Object.fromEntries(Object.entries(components[section]).sort(([a], [b]) => a.localeCompare(b)));
  const trimmed = withoutProse({
    openapi: doc.openapi,
    info: { title: doc.info?.title ?? provenance.repository, version: doc.info?.version ?? 'unknown' },
    'x-haven-source': provenance,
    ...(Object.keys(enums).length ? { 'x-haven-enums': enums } : {}),
    servers: doc.servers,
    paths,
    components,
  });
  // OpenAPI requires a description on every response object: an empty one keeps the document valid.
  const responses = [...Object.values(trimmed.paths).flatMap((item) => Object.values(item).flatMap((operation) => Object.values(operation?.responses ?? {}))), ...Object.values(trimmed.components.responses ?? {})];
  for (const response of responses) if (!response.$ref) response.description = '';
  return trimmed;
}

/** What changed between two JSON values, as lines of JSON pointers. */
function differences(before, after, pointer = '', out = []) {
  if (JSON.stringify(before) === JSON.stringify(after)) return out;
  const isObject = (value) => value && typeof value === 'object' && !Array.isArray(value);
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!(key in after)) out.push(`- ${at}`);
      else if (!(key in before)) out.push(`+ ${at}`);
      else differences(before[key], after[key], at, out);
    }
  } else if (Array.isArray(before) && Array.isArray(after) && before.every((v) => typeof v !== 'object') && after.every((v) => typeof v !== 'object')) {
    const added = after.filter((v) => !before.includes(v));
    const removed = before.filter((v) => !after.includes(v));
    out.push(`~ ${pointer}: ${[...added.map((v) => `+${JSON.stringify(v)}`), ...removed.map((v) => `-${JSON.stringify(v)}`)].join(' ') || 'reordered'}`);
  } else out.push(`~ ${pointer}: ${JSON.stringify(before)?.slice(0, 80)} → ${JSON.stringify(after)?.slice(0, 80)}`);
  return out;
}

function report(file, next, check) {
  const target = path.join(CONTRACTS, file);
  const text = `${JSON.stringify(next, null, 1)}\n`;
  const previous = fs.existsSync(target) ? JSON.parse(fs.readFileSync(target, 'utf8')) : null;
  const changes = previous ? differences(previous, next) : ['+ (new file)'];
  console.log(`${file}: ${changes.length ? `${changes.length} change(s)` : 'unchanged'} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB)`);
  for (const line of changes.slice(0, 200)) console.log(`  ${line}`);
  if (changes.length > 200) console.log(`  … and ${changes.length - 200} more`);
  if (!check && changes.length) fs.writeFileSync(target, text);
  return changes.length;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const sources = JSON.parse(fs.readFileSync(SOURCES, 'utf8'));
  let changed = 0;
  for (const [provider, source] of Object.entries(sources)) {
    if (provider.startsWith('$')) continue;
    const commit = args.commit[provider] ?? source.commit;
    for (const spec of source.documents) {
      const provenance = { repository: source.repository, commit, file: spec.file };
      const doc = parse(await readDocument(source.repository, commit, spec.file, args.source[provider]), spec.file);
      changed += report(spec.output, trim(doc, spec, provenance), args.check);
    }
    if (source.fixtures) {
      const all = JSON.parse(await readDocument(source.repository, commit, source.fixtures.file, args.source[provider])).resources;
      const resources = Object.fromEntries(source.fixtures.resources.map((name) => {
        if (!all[name]) throw new Error(`${source.fixtures.file}: no fixture ${name}`);
        return [name, all[name]];
      }));
      changed += report(source.fixtures.output, { 'x-haven-source': { repository: source.repository, commit, file: source.fixtures.file }, resources }, args.check);
    }
    if (!args.check && commit !== source.commit) {
      source.commit = commit;
      fs.writeFileSync(SOURCES, `${JSON.stringify(sources, null, 2)}\n`);
    }
  }
  if (args.check && changed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
