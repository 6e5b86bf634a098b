/**
 * The package as its users get it: `npm pack` (prepack builds dist/), the tarball installed into a
 * fresh project with no clone, no tsx and no TypeScript of ours, then every command and entry point
 * used from there. Slow (pack ~1 min, install ~1-2 min on 2 cores): `npm run test:package` runs it alone.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { TCK_CONFIG_SCHEMA } from '../../checklist/config/tck-config-schema.ts'
import { findFreePort } from '../../shared/net/free-port.ts'
import { spawnChild } from '../../shared/process/spawn-child.ts'
import { browserSkipReason, CHROMIUM_PATH } from '../support/chromium.ts'
import { type Ran, runCommand } from '../support/run-command.ts'
import { testEnv } from '../support/test-env.ts'
import { BROWSER_CONSUMER_TS, BROWSER_TSCONFIG, BUNDLE_MJS, NODE_CONSUMER_TS, NODE_TSCONFIG } from './consumer-files.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const ENTRY_POINTS = ['contract', 'client', 'msw', 'msw/browser', 'issuer', 'server', 'checklist'] as const
/** The consumer's own dev tools, at the versions this repo uses (a warm npm cache serves them). */
// @playwright/test: tasks-tck's optional peer, for `tck ui` (a frontend team installs it beside the package).
const CONSUMER_DEV = ['esbuild', 'typescript', '@types/node', '@playwright/test']

const run = (command: string, args: string[], cwd: string, timeoutMs?: number) => runCommand(command, args, cwd, { timeoutMs })

/** `tck …` of the installed package, in the consumer project, its output kept with every JWT masked (a failure message shows it). */
const spawnInstalledTck = (args: string[]) =>
  spawnChild(process.execPath, [join(consumer, 'node_modules/.bin/tck'), ...args], { cwd: consumer, transform: (text) => text.replace(/eyJ[\w.-]+/g, '<jwt>') })

/** Step times for the report, printed at the end. */
const times: Record<string, number> = {}
const timed = async (step: string, ran: Promise<Ran>) => {
  const result = await ran
  times[step] = result.ms
  return result
}
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'))
const failed = (ran: Ran) => `exit ${ran.code}\n--- stdout ---\n${ran.stdout.slice(-3000)}\n--- stderr ---\n${ran.stderr.slice(-3000)}`

let work: string
let consumer: string
let packed: { filename: string; size: number; unpackedSize: number; files: { path: string }[] }
let tgz: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tck-package-'))
  const pack = await timed('npm pack (build + pack)', run('npm', ['pack', '--json', '--pack-destination', work], ROOT))
  expect(pack.code, failed(pack)).toBe(0)
  packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')))[0]
  tgz = join(work, packed.filename)

  consumer = join(work, 'consumer')
  await mkdir(consumer)
  const versions = Object.fromEntries(
    await Promise.all(CONSUMER_DEV.map(async (name) => [name, `^${(await readJson(join(ROOT, 'node_modules', name, 'package.json'))).version}`])),
  )
  await writeFile(
    join(consumer, 'package.json'),
    JSON.stringify(
      { name: 'consumer', version: '1.0.0', private: true, type: 'module', dependencies: { 'tasks-tck': `file:${tgz}` }, devDependencies: versions },
      null,
      2,
    ),
  )
  const install = await timed(
    'npm install (tarball + esbuild, typescript, @types/node, @playwright/test)',
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], consumer, 480_000),
  )
  expect(install.code, failed(install)).toBe(0)
}, 900_000)

afterAll(async () => {
  if (Object.keys(times).length > 0) {
    console.log(
      `Package test step times:\n${Object.entries(times)
        .map(([step, ms]) => `  ${step.padEnd(58)} ${(ms / 1000).toFixed(1)} s`)
        .join(
          '\n',
        )}\n  tarball ${packed?.filename}: ${((packed?.size ?? 0) / 1024).toFixed(0)} KiB, ${((packed?.unpackedSize ?? 0) / 1024).toFixed(0)} KiB unpacked, ${packed?.files.length} files`,
    )
  }
  if (work) await rm(work, { recursive: true, force: true })
}, 60_000)

describe('the packed tarball', () => {
  test('ships dist/, the bin, the README and the licence, and no tests, state, sources or source maps', () => {
    const paths = packed.files.map((f) => f.path)
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHECKLIST.md',
      'bin/tck.mjs',
      'dist/cli/tck.js',
      'dist/contracts/task-api.yaml',
      'dist/reference-server/db/migrations/001_create_tasks.sql',
      'dist/mocks/msw/mockServiceWorker.js',
      'dist/web/app/prebuilt/real/index.html',
      'dist/web/app/prebuilt/mock/index.html',
      'dist/checklist/checks/01-spec.check.js',
    ]) {
      expect(paths, needed).toContain(needed)
    }
    const unwanted = paths.filter(
      (p) =>
        /^(tests|\.tck|reports|node_modules|scripts|bench|examples)\//.test(p) ||
        /(^|\/)(tests|\.tck|reports)\//.test(p) ||
        // The web app's builder needs esbuild and the React source: a clone's tool, not shipped.
        /^dist\/web\/app\/(build-web-app\.|build\/)/.test(p) ||
        p.endsWith('.map') ||
        (p.endsWith('.ts') && !p.endsWith('.d.ts')) ||
        p.endsWith('.tgz'),
    )
    expect(unwanted).toEqual([])
  })

  test('npm publish --dry-run: name, version, licence and the same file list', async () => {
    const publish = await timed('npm publish --dry-run', run('npm', ['publish', '--dry-run', '--json', tgz], work))
    expect(publish.code, failed(publish)).toBe(0)
    const report = JSON.parse(publish.stdout.slice(publish.stdout.indexOf('{')))
    const summary = report['tasks-tck'] ?? report
    expect(summary).toMatchObject({ name: 'tasks-tck', version: '0.1.0' })
    expect(summary.files.map((f: { path: string }) => f.path).sort()).toEqual(packed.files.map((f) => f.path).sort())
    // npm's own complaints about the manifest (fields it would fix, bins it drops); being logged out is fine for a dry run.
    expect(publish.stderr.split('\n').filter((line) => /^npm (warn|error)/.test(line) && !/requires you to be logged in/.test(line))).toEqual([])
  }, 120_000)

  test('installs with no source and no tsx, and the package.json is the one published', async () => {
    const installed = join(consumer, 'node_modules/tasks-tck')
    expect(await readdir(installed)).not.toContain('cli')
    const manifest = await readJson(join(installed, 'package.json'))
    expect(manifest).toMatchObject({ license: 'MIT', bin: { tck: 'bin/tck.mjs' } })
    expect(manifest.private).toBeUndefined()
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx')
  })

  test('npx tck --help lists the commands', async () => {
    const help = await timed('npx tck --help', run('npx', ['tck', '--help'], consumer))
    expect(help.code, failed(help)).toBe(0)
    for (const command of ['start', 'serve', 'mock', 'proxy', 'check', 'issuer', 'web', 'init', 'msw-init'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
  }, 60_000)

  test('npx tck check --target msw passes (Vitest runs the compiled checks inside node_modules)', async () => {
    const check = await timed('npx tck check --target msw', run('npx', ['tck', 'check', '--target', 'msw'], consumer))
    expect(check.code, failed(check)).toBe(0)
    expect(check.stdout).toMatch(/^Checks: [1-9]\d* passed, 0 failed/m)
    expect(check.stdout).toMatch(/^ {2}09-jwks +\d+ checks/m)
  }, 300_000)

  test('npx tck mock answers an authenticated request, then stops', async () => {
    const port = await findFreePort()
    const started = Date.now()
    const tck = spawnInstalledTck(['mock', '--port', String(port)])
    try {
      await tck.waitFor(/Ready\./, 60_000)
      const base = `http://127.0.0.1:${port}`
      // As the README says: a token from the mock's own issuer (a stand-in for Better Auth's /api/auth/token). Never printed.
      const { token } = (await (await fetch(`${base}/api/auth/token?sub=user_alice`)).json()) as { token: string }
      const list = await fetch(`${base}/api/user_alice/tasks`, { headers: { authorization: `Bearer ${token}` } })
      expect(list.status).toBe(200)
      expect(await list.json()).toEqual({ data: [], count: 0 })
      expect((await fetch(`${base}/api/user_alice/tasks`)).status).toBe(401)
    } finally {
      tck.child.kill('SIGTERM')
    }
    expect(await tck.exited).toBe(0)
    times['npx tck mock: start, 3 requests, stop'] = Date.now() - started
  }, 90_000)

  test.skipIf(browserSkipReason(testEnv.ci) !== undefined)(
    'npx tck ui runs the browser checklist from the installed package against `tck web --mock`',
    async () => {
      const port = await findFreePort()
      const started = Date.now()
      const web = spawnInstalledTck(['web', '--mock', '--port', String(port)])
      try {
        await web.waitFor(/Ready\./, 60_000)
        // The specs load from node_modules/tasks-tck/dist (compiled .spec.js), under the consumer's own @playwright/test.
        const ui = await run(
          'npx',
          ['tck', 'ui', '--url', `http://127.0.0.1:${port}`, '--mock', '--grep', 'UI-006|UI-007', '--browser', CHROMIUM_PATH],
          consumer,
          120_000,
        )
        expect(ui.code, failed(ui)).toBe(0)
        expect(ui.stdout).toContain('node_modules/tasks-tck/dist/checklist/ui/specs/tasks.spec.js')
        expect(ui.stdout).toContain('tck ui: 1 passed, 0 failed, 1 skipped')
        expect(ui.stdout).toContain('tck ui: SKIP UI-007: the frontend runs on the mock')
      } finally {
        web.child.kill('SIGTERM')
      }
      times['npx tck ui --mock (UI-006, UI-007) against tck web --mock'] = Date.now() - started
    },
    180_000,
  )

  test.each(ENTRY_POINTS)(
    'tasks-tck/%s imports in Node',
    async (entry) => {
      const imported = await run(
        process.execPath,
        ['--input-type=module', '-e', `const m = await import('tasks-tck/${entry}'); console.log(Object.keys(m).length)`],
        consumer,
        60_000,
      )
      expect(imported.code, failed(imported)).toBe(0)
      expect(Number(imported.stdout.trim())).toBeGreaterThan(0)
    },
    60_000,
  )

  test('tasks-tck/msw/browser and tasks-tck/client bundle for the browser with plain esbuild', async () => {
    await writeFile(join(consumer, 'bundle.mjs'), BUNDLE_MJS)
    const bundled = await timed('esbuild: msw/browser + client for the browser', run(process.execPath, ['bundle.mjs'], consumer, 120_000))
    expect(bundled.code, failed(bundled)).toBe(0)
    const sizes = JSON.parse(bundled.stdout) as Record<string, number>
    expect(sizes['tasks-tck/msw/browser']).toBeGreaterThan(10_000)
    expect(sizes['tasks-tck/client']).toBeGreaterThan(1_000)
  }, 120_000)

  test('a consumer type-checks against the shipped .d.ts (NodeNext with every entry; Bundler with the browser ones)', async () => {
    await writeFile(join(consumer, 'node-consumer.ts'), NODE_CONSUMER_TS)
    await writeFile(join(consumer, 'browser-consumer.ts'), BROWSER_CONSUMER_TS)
    await writeFile(join(consumer, 'tsconfig.node.json'), JSON.stringify(NODE_TSCONFIG))
    await writeFile(join(consumer, 'tsconfig.browser.json'), JSON.stringify(BROWSER_TSCONFIG))
    const tsc = join(consumer, 'node_modules/typescript/bin/tsc')
    const node = await timed('tsc --noEmit (NodeNext, every entry point)', run(process.execPath, [tsc, '-p', 'tsconfig.node.json'], consumer, 180_000))
    expect(node.code, failed(node)).toBe(0)
    const browser = await timed('tsc --noEmit (Bundler, browser entry points)', run(process.execPath, [tsc, '-p', 'tsconfig.browser.json'], consumer, 180_000))
    expect(browser.code, failed(browser)).toBe(0)
  }, 360_000)

  test('tck init writes a tck.config.ts (defineConfig from the package) that tck check runs from, and a jsonc with the shipped $schema', async () => {
    const init = await run('npx', ['tck', 'init', '--format', 'ts', '--target', 'msw'], consumer, 60_000)
    expect(init.code, failed(init)).toBe(0)
    expect(await readFile(join(consumer, 'tck.config.ts'), 'utf8')).toMatch(/import \{ defineConfig \} from 'tasks-tck\/checklist'/)
    try {
      // No flag: the target comes from the TS config, loaded through Vite in the installed package (no tsx).
      const check = await timed('npx tck check -t SPEC-001 (tck.config.ts)', run('npx', ['tck', 'check', '-t', 'SPEC-001'], consumer, 120_000))
      expect(check.code, failed(check)).toBe(0)
      expect(check.stdout).toMatch(/PASS +SPEC-001/)
    } finally {
      await rm(join(consumer, 'tck.config.ts'))
    }
    const jsonc = await run('npx', ['tck', 'init', '--target', 'msw'], consumer, 60_000)
    expect(jsonc.code, failed(jsonc)).toBe(0)
    const written = await readFile(join(consumer, 'tck.config.jsonc'), 'utf8')
    await rm(join(consumer, 'tck.config.jsonc'))
    const schemaPath = /"\$schema": "([^"]+)"/.exec(written)?.[1]
    expect(schemaPath).toBe('./node_modules/tasks-tck/dist/tck.config.schema.json')
    expect(await readJson(join(consumer, schemaPath!))).toEqual(JSON.parse(JSON.stringify(TCK_CONFIG_SCHEMA)))
  }, 240_000)

  test('tck msw-init copies the worker script a frontend serves', async () => {
    const init = await run('npx', ['tck', 'msw-init', 'public'], consumer, 60_000)
    expect(init.code, failed(init)).toBe(0)
    expect(await readdir(join(consumer, 'public'))).toEqual(['mockServiceWorker.js'])
  }, 60_000)
})
