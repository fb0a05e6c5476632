/**
 * Haven's import rules (the layers of plugins/README.md), checked by `npm run depcheck` in CI.
 *
 *   layer 0  @haven/shared (browser-safe modules) and @haven/shared/server (the plugin kit)
 *   layer 1  people, library, audit, safety (crisis language and lines, escalation), identity (passwords, two-factor, sessions, consent)
 *   layer 2  booking (→ people), community (→ audit, people, safety)
 *   layer 3  payments (→ audit, booking, people), chat (→ booking, people, safety), wellness (→ booking, identity, people, safety)
 *   layer 4  cms (→ any plugin's public contract), dashboards (→ the plugins whose figures it shows);
 *            applications, accounts (staff tools); privacy (a person's own data: → every plugin with a
 *            personalData hook, and audit)
 *   site     → browser-safe @haven/shared only (it talks to the CMS over HTTP)
 *   @haven/admin-ui (packages/admin-ui: what the plugins' admin pages share) → browser-safe
 *            @haven/shared only; imported by plugins' admin/src code only
 *
 * A plugin reaches another only through its public contract, `@haven/plugin-<name>/public`, which
 * resolves to plugins/<name>/dist/server/public.js once built (server/src/public.ts when imported
 * by path); an import that cannot be resolved yet (nothing built) is still judged by its name.
 * The site's .astro files are checked by scripts/check-site-imports.mjs (dependency-cruiser does
 * not read them), with the same site rules.
 */

/** Which plugins each plugin may import (their public contracts only); a plugin not named here may import none. */
const MAY_IMPORT = {
  people: [],
  audit: [],
  library: [],
  safety: [],
  identity: [],
  booking: ['people'],
  community: ['audit', 'people', 'safety'],
  payments: ['audit', 'booking', 'people'],
  chat: ['booking', 'people', 'safety'],
  // wellness → identity: a therapist reads clients' shared data only with two-step sign-in on.
  wellness: ['booking', 'identity', 'people', 'safety'],
  // Layer 4, beside the CMS: staff dashboards read every plugin's aggregates through its public contract.
  dashboards: ['audit', 'booking', 'chat', 'community', 'library', 'payments', 'people', 'safety', 'wellness'],
  // Layer 4 staff tools: therapist applications and account management act through lower plugins' contracts.
  applications: ['audit', 'booking', 'people'],
  accounts: ['audit', 'booking', 'chat', 'payments', 'people'],
  // Layer 4: a person's own data, exported and erased through every plugin's personalData hook.
  privacy: ['applications', 'audit', 'booking', 'chat', 'community', 'identity', 'library', 'payments', 'people', 'wellness'],
};

/** A plugin's code, built or not, by path or by package name (the latter when it could not be resolved). */
const pluginCode = (name) => `^plugins/${name}/|^@haven/plugin-${name}(/|$)|node_modules/@haven/plugin-${name}/`;
/** A plugin's public contract: its compiled public.js / public.d.ts, its source, or the unresolved package subpath. */
const publicContract = (name) =>
  `^plugins/${name}/(dist/server/public\\.(js|d\\.ts)|server/src/public\\.ts)$|^@haven/plugin-${name}/public$|node_modules/@haven/plugin-${name}/(dist/server/public\\.(js|d\\.ts)|server/src/public\\.ts)$`;
const ANY_PLUGIN = pluginCode('[^/]+');
const ANY_PUBLIC_CONTRACT = publicContract('[^/]+');
const SERVER_SHARED = '^packages/shared/(src|dist/cjs)/server/|^@haven/shared/server(/|$)';
const CMS = '^cms/|^@haven/cms(/|$)|node_modules/@haven/cms/';
const SITE = '^site/|^@haven/site(/|$)|node_modules/@haven/site/';
const ADMIN_UI = '^packages/admin-ui/|^@haven/admin-ui(/|$)|node_modules/@haven/admin-ui/';

/** One rule per plugin: the plugins below it that it may import, everything else between plugins forbidden. */
const layerRules = Object.entries(MAY_IMPORT).map(([plugin, allowed]) => ({
  name: `layers-${plugin}`,
  severity: 'error',
  comment:
    `${plugin} may import ${allowed.length ? allowed.map((p) => `@haven/plugin-${p}/public`).join(', ') : 'no other plugin'}` +
    ' (lower layers only); an import of any other plugin, a higher or same layer one, is forbidden.',
  from: { path: `^plugins/${plugin}/` },
  // Which plugin only: that the import goes through the public contract is rule plugin-only-through-public.
  to: { path: ANY_PLUGIN, pathNot: [pluginCode(plugin), ...allowed.map(pluginCode)] },
}));

module.exports = {
  forbidden: [
    {
      name: 'plugin-only-through-public',
      severity: 'error',
      comment:
        'A plugin reaches another plugin only through @haven/plugin-<name>/public (its public.ts), never its services, ' +
        'db/ or types directly; which plugins it may reach at all is the layers-* rules.',
      from: { path: '^plugins/([^/]+)/' },
      to: { path: ANY_PLUGIN, pathNot: ['^plugins/$1/', pluginCode('$1'), ANY_PUBLIC_CONTRACT] },
    },
    ...layerRules,
    {
      name: 'layers-unlisted-plugin',
      severity: 'error',
      comment: 'A plugin not yet placed in a layer (MAY_IMPORT above) may import no other plugin: place it first.',
      from: { path: '^plugins/([^/]+)/', pathNot: `^plugins/(${Object.keys(MAY_IMPORT).join('|')})/` },
      to: { path: ANY_PLUGIN, pathNot: ['^plugins/$1/', pluginCode('$1')] },
    },
    {
      name: 'cms-only-through-public',
      severity: 'error',
      comment: 'The CMS (layer 4) may import any plugin, but only its public contract @haven/plugin-<name>/public.',
      from: { path: '^cms/' },
      to: { path: ANY_PLUGIN, pathNot: ANY_PUBLIC_CONTRACT },
    },
    {
      name: 'nothing-imports-cms',
      severity: 'error',
      comment: 'The CMS is the top layer: no plugin, shared module or site code imports anything under cms/.',
      from: { path: '^(plugins|packages|site)/' },
      to: { path: CMS },
    },
    {
      name: 'shared-imports-no-app',
      severity: 'error',
      comment: '@haven/shared is layer 0: it imports no plugin, nothing of the CMS and nothing of the site.',
      from: { path: '^packages/shared/' },
      to: { path: [ANY_PLUGIN, CMS, SITE] },
    },
    {
      name: 'browser-safe-shared-no-node',
      severity: 'error',
      comment:
        'The browser-safe modules of @haven/shared (packages/shared/src/*.ts) run in the site and the admin: ' +
        'no node: builtin and nothing of @haven/shared/server (that is what server/ is for).',
      from: { path: '^packages/shared/src/[^/]+\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-safe-shared-no-server',
      severity: 'error',
      comment: 'The browser-safe modules of @haven/shared import nothing under packages/shared/src/server.',
      from: { path: '^packages/shared/src/[^/]+\\.ts$' },
      to: { path: SERVER_SHARED },
    },
    {
      name: 'site-browser-safe-only',
      severity: 'error',
      comment:
        'The site talks to the CMS over HTTP: it imports no plugin, nothing of the CMS and no server-only ' +
        '@haven/shared/server/* module, only the browser-safe @haven/shared/<module>.',
      from: { path: '^site/src/' },
      to: { path: [ANY_PLUGIN, CMS, SERVER_SHARED] },
    },
    {
      name: 'admin-browser-safe-only',
      severity: 'error',
      comment:
        "A plugin's admin pages run in the browser: no @haven/shared/server/* module and no plugin's server code " +
        '(not even its own; the admin talks to the server over HTTP).',
      from: { path: '^plugins/[^/]+/admin/src/' },
      to: { path: [SERVER_SHARED, '^plugins/[^/]+/(server|dist)/', '^@haven/plugin-[^/]+(/|$)', 'node_modules/@haven/plugin-'] },
    },
    {
      name: 'admin-ui-only-in-admin-pages',
      severity: 'error',
      comment:
        '@haven/admin-ui is React for the admin panel: only plugins\' admin/src code imports it (never server code, ' +
        'the CMS, @haven/shared or the site).',
      from: { path: '^', pathNot: ['^plugins/[^/]+/admin/src/', '^packages/admin-ui/'] },
      to: { path: ADMIN_UI },
    },
    {
      name: 'admin-ui-imports-no-app',
      severity: 'error',
      comment:
        '@haven/admin-ui sits under every admin page: it imports no plugin, nothing of the CMS or the site, and no ' +
        'server-only @haven/shared/server module (browser-safe @haven/shared is fine).',
      from: { path: '^packages/admin-ui/' },
      to: { path: [ANY_PLUGIN, CMS, SITE, SERVER_SHARED] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles inside @haven/shared or inside a plugin (type-only imports do not count: they vanish at run time).',
      from: { path: '^(packages/shared|packages/admin-ui|plugins/[^/]+)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    // dist/ is followed into only to name the file an import resolves to; its own imports are the compiler's.
    doNotFollow: { path: ['node_modules', '/dist/'] },
    // Generated Astro types only; dist/ and node_modules must stay visible as the targets of imports.
    exclude: { path: ['(^|/)\\.astro/'] },
    // `import type` counts for the layer rules: a plugin must not even name another plugin's internal types.
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      // "import" before "types": @haven/shared/* resolves to its .ts source (the path the rules name).
      conditionNames: ['import', 'require', 'node', 'default'],
      exportsFields: ['exports'],
      mainFields: ['main', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
