/**
 * The layer rules of ARCHITECTURE.md, checked by `npm run lint:deps` (dependency-cruiser).
 * Bottom to top: contracts → shared → mocks | reference-server → web → checklist → cli → bin;
 * bench, tests and scripts beside. A folder imports only from the floors below it (and from itself);
 * tests import anything, and nothing imports tests or scripts. tests/architecture/dependency-rules.test.ts
 * proves each rule fires on a forbidden arrow.
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** Our top-level folders, so "anything of ours but X" can be written as a path. */
const OURS = ['contracts', 'shared', 'mocks', 'reference-server', 'web', 'checklist', 'cli', 'bin', 'bench', 'tests', 'examples', 'scripts', 'action']

/** `^(a|b|…)/`: a path in one of the given top-level folders. */
const under = (...folders) => `^(${folders.join('|')})/`

/** Every folder of ours except the given ones (the floors a layer may not reach). */
const oursExcept = (...allowed) => under(...OURS.filter((folder) => !allowed.includes(folder)))

/**
 * A Node built-in imported without its `node:` prefix, as dependency-cruiser names every built-in
 * (`fs`, `fs/promises`, `worker_threads`…): Node's own list, so a module added in a Node release is
 * caught without editing this file.
 */
const NODE_BUILTIN = `^(${require('node:module')
  .builtinModules.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  .join('|')})$`

/** Forbids `from` → anything of ours but `allowed` (its own folder is always allowed). */
const layer = (name, from, allowed, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: under(from) },
  to: { path: oursExcept(from, ...allowed) },
})

module.exports = {
  forbidden: [
    layer(
      'contracts-import-nothing',
      'contracts',
      [],
      'contracts/ is the bottom floor: the contract, its types, validator, error registry and typed client import nothing of ours.',
    ),
    layer(
      'shared-imports-contracts-only',
      'shared',
      ['contracts'],
      'shared/ holds domain-free helpers and the shared JWT policy: it may use contracts/, never a mock, the server or anything above.',
    ),
    layer(
      'mocks-stay-below',
      'mocks',
      ['contracts', 'shared'],
      'The mocks imitate the reference server as siblings: contracts/ and shared/ only, NEVER reference-server/.',
    ),
    layer('reference-server-stays-below', 'reference-server', ['contracts', 'shared'], 'The reference server: contracts/ and shared/ only, NEVER mocks/.'),
    {
      name: 'api-client-imports-contracts-shared-only',
      comment: 'web/api-client ships to browsers (tasks-tck/client): contracts/ and shared/ only.',
      severity: 'error',
      from: { path: '^web/api-client/' },
      to: { path: [oursExcept('contracts', 'shared', 'web'), '^web/(?!api-client/)'] },
    },
    layer(
      'web-stays-below',
      'web',
      ['contracts', 'shared', 'mocks', 'reference-server'],
      "web/: contracts, shared, mocks (the app's mock mode), other web/ parts, and the reference server (web-stack only).",
    ),
    {
      name: 'only-web-stack-starts-the-server',
      comment: 'Of web/, only web/web-stack composes the reference server (tck start); the app and the auth server do not know it.',
      severity: 'error',
      from: { path: '^web/', pathNot: '^web/web-stack/' },
      to: { path: '^reference-server/' },
    },
    layer(
      'checklist-stays-below',
      'checklist',
      ['contracts', 'shared', 'mocks', 'reference-server', 'web'],
      'The checklist is product code under cli/: it never imports a command.',
    ),
    layer(
      'cli-stays-below',
      'cli',
      ['contracts', 'shared', 'mocks', 'reference-server', 'web', 'checklist'],
      'cli/ composes every command from the floors below; bin/ starts it.',
    ),
    layer('bin-starts-cli-only', 'bin', ['cli'], 'bin/ is the entry: it loads cli/ and nothing else of ours.'),
    layer(
      'examples-use-contracts-shared-only',
      'examples',
      ['contracts', 'shared'],
      'The example backends stand alone: at most the contract and shared helpers.',
    ),
    layer(
      'action-stands-alone',
      'action',
      [],
      "The GitHub Action's script runs before tasks-tck is installed: it starts tck as a process and imports nothing of ours.",
    ),
    layer(
      'bench-uses-product-not-tests',
      'bench',
      ['contracts', 'shared', 'mocks', 'reference-server', 'web', 'checklist', 'cli', 'bin'],
      'Benchmarks measure the product; they import anything but tests/.',
    ),
    {
      name: 'nothing-imports-tests',
      comment: 'tests/ holds tests only: no product code, bench or tool imports from it (root config files of the test runners excepted).',
      severity: 'error',
      from: { pathNot: ['^tests/', '^[^/]+$'] },
      to: { path: '^tests/' },
    },
    layer(
      'scripts-build-the-product',
      'scripts',
      ['contracts', 'shared', 'mocks', 'reference-server', 'web', 'checklist', 'cli', 'bin'],
      'scripts/ (npm run build) may import what it compiles or bundles: the product, never tests/, bench/ or examples/.',
    ),
    {
      name: 'nothing-imports-scripts',
      comment: 'scripts/ holds build tools run by npm: importing one would run it (the build script does its work on import).',
      severity: 'error',
      from: { pathNot: '^scripts/' },
      to: { path: '^scripts/' },
    },
    {
      name: 'only-tests-import-bench',
      comment: 'bench/ stands beside the product: only tests (and bench itself) import it.',
      severity: 'error',
      from: { pathNot: ['^tests/', '^bench/'] },
      to: { path: '^bench/' },
    },
    {
      name: 'browser-safe-stays-off-node',
      comment:
        "shared/auth, web/api-client, mocks/msw/browser.ts and the web app's mock mode bundle for the browser with plain esbuild: nothing they reach may need a Node built-in.",
      severity: 'error',
      from: { path: ['^shared/auth/', '^web/api-client/', '^mocks/msw/browser\\.ts$', '^web/app/mock/'] },
      to: {
        path: ['^node:', NODE_BUILTIN],
        reachable: true,
      },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes the layers meaningless (and the load order fragile).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a broken arrow (e.g. a path that moved).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // examples/nextjs-app is its own npm project (Next.js, `@/` paths, tasks-tck from the packed tarball).
    exclude: {
      path: ['(^|/)node_modules/', '^dist/', '(^|/)\\.tck/', '^(reports|scratch|coverage|playwright-report|test-results)/', '^examples/nextjs-app/'],
    },
    // Type-only imports are arrows too: a layer must not know the types of a floor above it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
