// A V8 .cpuprofile (what node:inspector's Profiler.stop answers, or `node --cpu-prof` writes) turned
// into the tables `npm run bench:profile` prints: functions by self and by inclusive time, and time
// per package. Pure: no file or process access, so it can be read against any saved profile.

/** V8's pseudo-frames: not JavaScript, each its own row. */
const SPECIAL = { '(idle)': '(idle)', '(garbage collector)': '(gc)', '(program)': '(program)', '(root)': '(root)' };

/**
 * Which package a script belongs to: `node_modules/<package>` (the innermost one, scoped names
 * whole), `haven:<plugin>` for plugins/<name>, `haven:<package>` for packages/<name>, `haven:cms`,
 * `node:internal` for Node's own modules; null for a frame without a script (a V8 builtin or a
 * native addon function), which counts for its caller.
 */
export function packageOf(url, root = '') {
  if (!url) return null;
  if (url.startsWith('node:')) return 'node:internal';
  const file = url.replace(/^file:\/\//, '');
  const at = file.lastIndexOf('/node_modules/');
  if (at !== -1) {
    const [first, second] = file.slice(at + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const inside = root && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  const haven = inside.match(/^(plugins|packages)\/([^/]+)\//);
  if (haven) return `haven:${haven[2]}`;
  if (inside.startsWith('bench/')) return 'bench (the measurement itself)';
  if (inside.startsWith('cms/')) return inside.startsWith('cms/providers/') ? `haven:provider-${inside.split('/')[2]}` : 'haven:cms';
  if (!file.startsWith('/')) return 'node:internal'; // e.g. "internal/…" or "events.js" in older Node versions
  return 'other';
}

/**
 * Packages that work on someone else's behalf (the database layer, utilities, Node itself): in the
 * "by caller" view their time goes to the nearest frame on the stack that is not one of them.
 */
export const LIBRARIES = new Set([
  'node:internal', '(native)', 'other',
  'knex', 'better-sqlite3', 'pg', 'pg-protocol', 'pg-pool', 'pg-types', 'tarn', '@strapi/database', '@strapi/utils',
  'lodash', 'lodash-es', 'debug', 'zod', 'yup', 'date-fns', 'qs', 'delegates', 'koa-compose', '@casl/ability', 'sift', 'fast-deep-equal',
]);

/** The name a caller goes by in the "by caller" view: its package, and for Strapi's and Haven's own the folder and file. */
export function callerLabel(url, root = '') {
  const pkg = packageOf(url, root);
  if (!pkg || !(pkg.startsWith('@strapi/') || pkg.startsWith('haven:'))) return pkg;
  const file = url.replace(/^file:\/\//, '');
  const at = file.indexOf('/dist/');
  if (at === -1) return pkg;
  const parts = file.slice(at + '/dist/'.length).replace(/\.[cm]?js$/, '').split('/').filter((part) => part !== 'server' && part !== 'src');
  return `${pkg} ${parts.slice(0, 2).join('/')}`;
}

/** `file:line` of a frame, short: relative to its package (or to the repository). */
function where(callFrame, root) {
  const file = (callFrame.url || '').replace(/^file:\/\//, '');
  if (!file) return '';
  const at = file.lastIndexOf('/node_modules/');
  let short = at !== -1 ? file.slice(at + '/node_modules/'.length) : root && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  // node_modules/@strapi/core/dist/… reads the same without the "dist".
  short = short.replace(/\/dist\//, '/');
  return `${short}:${callFrame.lineNumber + 1}`;
}

/**
 * Summarises a profile.
 * @param profile `{ nodes: [{ id, callFrame: { functionName, url, lineNumber, columnNumber }, children? }], samples, timeDeltas, startTime, endTime }`
 * @param options `root`: the repository's absolute path (for `haven:` packages and short paths); `top`: rows per table
 * @returns totals in ms (`totalMs`, `idleMs`, `busyMs` = total − idle, `samples`) and the rows of the three tables,
 *   each row with `selfMs`/`totalMs` and their share of busy time (`selfPct`/`totalPct`).
 */
export function summarizeProfile(profile, { root = '', top = 20 } = {}) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // A sample lasts until the next one (the last until the profile's end): what DevTools shows as self time.
  const selfUs = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  let at = profile.startTime;
  const times = samples.map((_, i) => (at += timeDeltas[i] ?? 0));
  for (let i = 0; i < samples.length; i++) {
    const duration = Math.max(0, (i + 1 < samples.length ? times[i + 1] : profile.endTime) - times[i]);
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + duration);
  }

  const special = (node) => SPECIAL[node.callFrame.functionName] && !node.callFrame.url ? SPECIAL[node.callFrame.functionName] : null;
  // A frame without a script (a V8 builtin, a native addon's function, often nameless) is told apart by
  // its caller: better-sqlite3's C++ `prepare` and `all` are otherwise one "(anonymous)" row.
  const isNative = (node) => !node.callFrame.url && !special(node);
  const callerOf = (node) => (parent.has(node.id) ? nodes.get(parent.get(node.id)) : null);
  const functionKey = (node) => {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const own = `${functionName}\u0000${url}\u0000${lineNumber}\u0000${columnNumber}`;
    const caller = isNative(node) ? callerOf(node) : null;
    return caller && !special(caller) ? `${own}\u0000${functionKey(caller)}` : own;
  };
  const nameOf = (node) => {
    if (special(node)) return special(node);
    if (!isNative(node)) return node.callFrame.functionName || '(anonymous)';
    const caller = callerOf(node);
    const native = `(native) ${node.callFrame.functionName}`.trim();
    return caller && !special(caller) ? `${native} ← ${nameOf(caller)}` : native;
  };
  // The package a node's self time is charged to: its script's, or for builtins and native functions its nearest caller's.
  const packageMemo = new Map();
  const packageOfNode = (id) => {
    if (packageMemo.has(id)) return packageMemo.get(id);
    const node = nodes.get(id);
    let result = special(node) ?? packageOf(node.callFrame.url, root);
    const caller = parent.has(id) ? nodes.get(parent.get(id)) : null;
    // knex's better-sqlite3 dialect calls the addon's Statement#all/#run itself: that is SQLite at work, not knex.
    if (result === null && caller?.callFrame.url.includes('/knex/lib/dialects/better-sqlite3/')) result = 'better-sqlite3';
    if (result === null) result = caller && !special(caller) ? packageOfNode(caller.id) : '(native)';
    packageMemo.set(id, result);
    return result;
  };

  const ownerMemo = new Map();
  const ownerOfNode = (id) => {
    if (ownerMemo.has(id)) return ownerMemo.get(id);
    const node = nodes.get(id);
    const caller = callerOf(node);
    let result = special(node);
    if (!result) {
      const pkg = packageOfNode(id);
      if (!isNative(node) && !LIBRARIES.has(pkg)) result = callerLabel(node.callFrame.url, root);
      else result = caller && !special(caller) ? ownerOfNode(caller.id) : '(libraries and Node only)';
    }
    ownerMemo.set(id, result);
    return result;
  };

  const functions = new Map();
  const owners = new Map();
  const packages = new Map();
  const row = (map, key, make) => {
    if (!map.has(key)) map.set(key, { ...make(), selfUs: 0, totalUs: 0 });
    return map.get(key);
  };
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    if (!us) continue;
    totalUs += us;
    const node = nodes.get(id);
    if (special(node) === '(idle)') {
      idleUs += us;
      continue;
    }
    const makeFunction = (n) => () => {
      const caller = isNative(n) ? callerOf(n) : null;
      return { name: nameOf(n), where: where(n.callFrame, root) || (caller ? where(caller.callFrame, root) : ''), package: packageOfNode(n.id) };
    };
    row(functions, functionKey(node), makeFunction(node)).selfUs += us;
    row(packages, packageOfNode(id), () => ({ name: packageOfNode(id) })).selfUs += us;
    row(owners, ownerOfNode(id), () => ({ name: ownerOfNode(id) })).selfUs += us;
    // Inclusive: every function and package on the stack, once each however often it recurses.
    const seenFunctions = new Set();
    const seenPackages = new Set();
    for (let current = id; current !== undefined; current = parent.get(current)) {
      const frame = nodes.get(current);
      if (special(frame) === '(root)') break;
      const key = functionKey(frame);
      if (!seenFunctions.has(key)) {
        seenFunctions.add(key);
        row(functions, key, makeFunction(frame)).totalUs += us;
      }
      const pkg = packageOfNode(current);
      if (!seenPackages.has(pkg)) {
        seenPackages.add(pkg);
        row(packages, pkg, () => ({ name: pkg })).totalUs += us;
      }
    }
  }

  const busyUs = totalUs - idleUs;
  const finish = (r) => ({ ...r, selfMs: r.selfUs / 1000, totalMs: r.totalUs / 1000, selfPct: busyUs ? (100 * r.selfUs) / busyUs : 0, totalPct: busyUs ? (100 * r.totalUs) / busyUs : 0 });
  const sorted = (map, by) => [...map.values()].map(finish).sort((a, b) => b[by] - a[by] || a.name.localeCompare(b.name));
  return {
    samples: samples.length,
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    bySelf: sorted(functions, 'selfUs').filter((r) => r.selfUs > 0).slice(0, top),
    // Node's own frames (the event loop, microtask queue, emitters) sit under nearly everything and say nothing.
    byTotal: sorted(functions, 'totalUs')
      .filter((r) => r.package !== 'node:internal')
      .slice(0, top),
    byPackage: sorted(packages, 'selfUs'),
    byCaller: sorted(owners, 'selfUs').slice(0, top),
  };
}

const cell = (text) => String(text).replace(/\|/g, '\\|');
const ms = (n) => n.toFixed(n >= 100 ? 0 : 1);
const pct = (n) => `${n.toFixed(1)} %`;

/**
 * The summary as Markdown tables. `perRequest`: requests served during the profile, to show ms per
 * request beside the shares; `top`: rows of the function tables.
 */
export function profileTables(summary, { requests = 0, top = 15 } = {}) {
  const perRequest = (v) => (requests ? (v / requests).toFixed(3) : '—');
  const functionTable = (rows, by) => [
    `| # | function | where | package | ${by === 'self' ? 'self ms | self % | total %' : 'total ms | total % | self %'} | ${by} ms/request |`,
    '|---:|---|---|---|---:|---:|---:|---:|',
    ...rows.slice(0, top).map((r, i) => {
      const [main, other] = by === 'self' ? [r.selfMs, r.totalPct] : [r.totalMs, r.selfPct];
      return `| ${i + 1} | ${cell(r.name)} | ${cell(r.where)} | ${cell(r.package)} | ${ms(main)} | ${pct(by === 'self' ? r.selfPct : r.totalPct)} | ${pct(other)} | ${perRequest(main)} |`;
    }),
  ];
  return {
    packages: [
      '| package | self ms | self % | inclusive % | self ms/request |',
      '|---|---:|---:|---:|---:|',
      ...summary.byPackage.map((r) => `| ${cell(r.name)} | ${ms(r.selfMs)} | ${pct(r.selfPct)} | ${pct(r.totalPct)} | ${perRequest(r.selfMs)} |`),
      `| (idle), not in the percentages | ${ms(summary.idleMs)} | | | |`,
    ].join('\n'),
    byCaller: [
      '| nearest caller outside the libraries | ms | % | ms/request |',
      '|---|---:|---:|---:|',
      ...summary.byCaller.slice(0, top).map((r) => `| ${cell(r.name)} | ${ms(r.selfMs)} | ${pct(r.selfPct)} | ${perRequest(r.selfMs)} |`),
    ].join('\n'),
    bySelf: functionTable(summary.bySelf, 'self').join('\n'),
    byTotal: functionTable(summary.byTotal, 'total').join('\n'),
  };
}
