/**
 * `npm run build` (also `prepack`): the package's dist/, a mirror of the source tree.
 *
 *   1. tsc -p tsconfig.build.json: ESM .js + .d.ts of what the entry points and the check files reach
 *   2. the files read at run time beside a module (`new URL('./…', import.meta.url)`): the contract,
 *      the SQL migrations, msw's worker script for `tasks-tck/msw/mockServiceWorker.js`
 *   3. the web app's two bundles (esbuild, minified) in dist/web/app/prebuilt/{real,mock}, so the
 *      installed `tck start` / `tck web` need neither esbuild nor React; without their source maps
 *      (8 MB of React and MSW source, for a clone's debugging)
 *   4. audits: nothing from tests/ was compiled in, every `new URL('./…', import.meta.url)` in dist/
 *      names a file or folder that is there, and so does every relative static import (none reaches
 *      the web app's builder, which is compiled by tsc but left out: only a clone can run it).
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { writeConfigSchema } from '../checklist/config/tck-config-schema.ts'
import { buildWebApp } from '../web/app/build-web-app.ts'

const ROOT = resolve(import.meta.dirname, '..')
const DIST = join(ROOT, 'dist')
const require = createRequire(import.meta.url)

/** Source file or folder → its place under dist/ (same relative path unless given). */
const ASSETS: [from: string, to?: string][] = [
  ['contracts/task-api.yaml'],
  ['reference-server/db/migrations'],
  [require.resolve('msw/mockServiceWorker.js'), 'mocks/msw/mockServiceWorker.js'],
]

/** Compiled paths under dist/ that no shipped module loads: the web app's builder, used by this script itself. */
const COMPILED_CLONE_ONLY = ['web/app/build-web-app.js', 'web/app/build-web-app.d.ts', 'web/app/build']

const started = Date.now()
const step = (what: string) => console.log(`build: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
rmSync(DIST, { recursive: true, force: true })
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT })
// tsc follows web-app-files.ts's dynamic import of the builder, but only a clone can run it (esbuild is
// a devDependency, the React source is not shipped) and compiled web-app-files.ts never loads it.
for (const cloneOnly of COMPILED_CLONE_ONLY) rmSync(join(DIST, cloneOnly), { recursive: true, force: true })
step('compiled')
for (const [from, to] of ASSETS) cpSync(resolve(ROOT, from), join(DIST, to ?? from), { recursive: true })
// The config file's JSON schema, for editors: "$schema": "./node_modules/tasks-tck/dist/tck.config.schema.json" (tck init writes it).
writeConfigSchema(DIST)
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
for (const mode of ['real', 'mock'] as const) await buildWebApp({ outDir: join(DIST, 'web/app/prebuilt', mode), mode, minify: true })
for (const file of files(join(DIST, 'web/app/prebuilt'))) {
  if (file.endsWith('.map')) rmSync(file)
  else if (file.endsWith('.js')) writeFileSync(file, readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'))
}
step('assets and web app bundles')

const problems: string[] = []
if (existsSync(join(DIST, 'tests'))) problems.push('dist/tests/ exists: product code imports from tests/ (move that module out of tests/)')
for (const file of files(DIST).filter((f) => f.endsWith('.js') && !f.includes('/prebuilt/'))) {
  for (const [, path] of readFileSync(file, 'utf8').matchAll(/new URL\(['"](\.{1,2}\/[^'"]*)['"], import\.meta\.url\)/g)) {
    if (!existsSync(resolve(dirname(file), path!)))
      problems.push(`${relative(ROOT, file)} reads ${path}, which is not in dist/ (add it to ASSETS in scripts/build.ts)`)
  }
}
for (const file of files(DIST).filter((f) => /\.(js|d\.ts)$/.test(f) && !f.includes('/prebuilt/'))) {
  // Static imports only: a dynamic one (the builder's, in web-app-files.js) is behind a clone-only branch.
  for (const [, path] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;'"]*?\bfrom ['"](\.{1,2}\/[^'"]*)['"]/gm)) {
    // A .d.ts keeps the source's `./x.ts` (TypeScript reads it as ./x.d.ts); a .js names ./x.js.
    const target = file.endsWith('.d.ts') ? path!.replace(/\.[jt]s$/, '.d.ts') : path!
    if (!existsSync(resolve(dirname(file), target))) problems.push(`${relative(ROOT, file)} imports ${path}, which is not in dist/`)
  }
}
if (problems.length > 0) {
  console.error(`build: dist/ is incomplete:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  process.exit(1)
}
step(`dist/ ready: ${files(DIST).length} files`)
