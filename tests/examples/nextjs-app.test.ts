/**
 * examples/nextjs-app: the Next.js 16 App Router frontend, as a team would get it. The package is
 * packed (`npm pack`, prepack builds dist/), the app copied to a temp folder with the tarball as its
 * vendor/tasks-tck.tgz (its only way to tasks-tck), installed, the MSW worker copied with
 * `tck msw-init public`, built in mock mode and started; then Chromium signs up through the mock
 * Better Auth, adds a task, toggles and deletes it. Slow (pack ~35 s, install ~35 s, build ~25 s on
 * 2 cores): the step times are printed at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findFreePort } from '../../shared/net/free-port.ts'
import { browserSkipReason, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts'
import { testEnv } from '../support/test-env.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const APP = join(ROOT, 'examples/nextjs-app')
/** Not copied: what `npm install`, `next build`, `npm run vendor` and `tck msw-init` make. */
const GENERATED = new Set(['node_modules', '.next', 'vendor', 'next-env.d.ts', 'mockServiceWorker.js', '.data'])
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: undefined }

interface Ran {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV, timeoutMs = 240_000): Promise<Ran> {
  const started = Date.now()
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, timeout: timeoutMs })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.once('error', fail)
    child.once('close', (code) => done({ code, stdout, stderr, ms: Date.now() - started }))
  })
}
const failed = (ran: Ran) => `exit ${ran.code}\n--- stdout ---\n${ran.stdout.slice(-3000)}\n--- stderr ---\n${ran.stderr.slice(-3000)}`

/** Every source file of the app (what would be committed), relative to it. */
async function appSources(dir = APP): Promise<string[]> {
  const files: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (GENERATED.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await appSources(path)))
    else files.push(relative(APP, path))
  }
  return files
}

const times: Record<string, number> = {}
const reason = browserSkipReason(testEnv.ci)
let work: string | undefined
let server: ChildProcess | undefined
let serverLog = ''
let browser: Browser | undefined
let origin: string

describe('examples/nextjs-app depends on tasks-tck through the packed tarball only', () => {
  test('its package.json takes tasks-tck from vendor/tasks-tck.tgz, and no source file imports the repository', async () => {
    const manifest = JSON.parse(await readFile(join(APP, 'package.json'), 'utf8'))
    expect(manifest.dependencies['tasks-tck']).toBe('file:vendor/tasks-tck.tgz')
    const sources = (await appSources()).filter((file) => /\.(ts|tsx|mjs|js)$/.test(file))
    expect(sources).toContain('app/api/auth/[...all]/route.ts')
    for (const file of sources) {
      const text = await readFile(join(APP, file), 'utf8')
      // Relative imports stay inside the app (`./`, or `../` no deeper than the file itself).
      for (const [, specifier] of text.matchAll(/from ['"]([^'"]+)['"]/g)) {
        if (!specifier?.startsWith('.')) continue
        const target = relative(APP, resolve(APP, file, '..', specifier))
        expect(target.startsWith('..'), `${file} imports ${specifier}`).toBe(false)
      }
    }
  })
})

describe.skipIf(reason !== undefined)(`examples/nextjs-app built in mock mode, in Chromium${reason ? ` — skipped: ${reason}` : ''}`, () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'tck-nextjs-'))
    // Packed from a copy of the source tree: prepack rebuilds dist/ from scratch, and the packed-tarball
    // test does the same in the clone, maybe at the same time (two workers).
    const source = join(work, 'tasks-tck')
    const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT)
    expect(listed.code, failed(listed)).toBe(0)
    for (const file of listed.stdout.split('\0')) {
      if (file && !file.startsWith('examples/nextjs-app/') && existsSync(join(ROOT, file))) await cp(join(ROOT, file), join(source, file))
    }
    await symlink(join(ROOT, 'node_modules'), join(source, 'node_modules'))
    const pack = await run('npm', ['pack', '--json', '--pack-destination', work], source)
    times['npm pack (build + pack, in a copy of the tree)'] = pack.ms
    expect(pack.code, failed(pack)).toBe(0)
    const [{ filename }] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')))

    const app = join(work, 'nextjs-app')
    await cp(APP, app, { recursive: true, filter: (source) => !GENERATED.has(source.split('/').pop() ?? '') })
    await mkdir(join(app, 'vendor'))
    await cp(join(work, filename), join(app, 'vendor/tasks-tck.tgz'))

    // As `npm run vendor` does: naming the tarball rewrites its lockfile integrity (a plain install
    // would keep, or take from npm's cache, the content of the tarball the lockfile was made with).
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', 'file:vendor/tasks-tck.tgz'], app)
    times['npm install (tarball, next, react, better-auth, …)'] = install.ms
    expect(install.code, failed(install)).toBe(0)
    const lock = JSON.parse(await readFile(join(app, 'package-lock.json'), 'utf8'))
    const tarball = await readFile(join(app, 'vendor/tasks-tck.tgz'))
    expect(lock.packages['node_modules/tasks-tck'].integrity).toBe(`sha512-${createHash('sha512').update(tarball).digest('base64')}`)
    expect(JSON.parse(await readFile(join(app, 'package.json'), 'utf8')).dependencies['tasks-tck']).toBe('file:vendor/tasks-tck.tgz')

    const init = await run(join(app, 'node_modules/.bin/tck'), ['msw-init', 'public'], app)
    expect(init.code, failed(init)).toBe(0)

    const nextBin = join(app, 'node_modules/next/dist/bin/next')
    const build = await run(process.execPath, [nextBin, 'build'], app, { ...ENV, NEXT_PUBLIC_API_MOCK: '1' })
    times['next build (mock mode)'] = build.ms
    expect(build.code, failed(build)).toBe(0)

    const port = await findFreePort()
    origin = `http://127.0.0.1:${port}`
    const started = Date.now()
    server = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: app, env: ENV })
    server.stdout?.on('data', (chunk) => {
      serverLog += chunk
    })
    server.stderr?.on('data', (chunk) => {
      serverLog += chunk
    })
    for (;;) {
      const ok = await fetch(`${origin}/sign-in`).then(
        (response) => response.ok,
        () => false,
      )
      if (ok) break
      if (server.exitCode !== null || Date.now() - started > 30_000) throw new Error(`next start did not answer:\n${serverLog}`)
      await new Promise((wait) => setTimeout(wait, 250))
    }
    times['next start (until /sign-in answers)'] = Date.now() - started

    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] })
  }, 420_000)

  afterAll(async () => {
    await browser?.close()
    if (server && server.exitCode === null) {
      const exited = new Promise((done) => server?.once('exit', done))
      server.kill('SIGTERM')
      await Promise.race([exited, new Promise((wait) => setTimeout(wait, 5_000))])
      if (server.exitCode === null) server.kill('SIGKILL')
    }
    if (Object.keys(times).length > 0) {
      console.log(
        `Next.js example step times:\n${Object.entries(times)
          .map(([step, ms]) => `  ${step.padEnd(52)} ${(ms / 1000).toFixed(1)} s`)
          .join('\n')}`,
      )
    }
    if (work) await rm(work, { recursive: true, force: true })
  }, 60_000)

  const openPage = async (): Promise<Page> => {
    const context = await (browser as Browser).newContext({ baseURL: origin })
    return context.newPage()
  }

  test('a protected page sends the visitor to sign-in keeping `next`; sign up, add, toggle and delete a task through the mock', async () => {
    const page = await openPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto('/tasks')
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect(new URL(page.url()).searchParams.get('next')).toBe('/tasks')
    expect(await page.locator('html').getAttribute('data-tck-mock')).toBe('ready')

    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.getByRole('heading', { name: 'Create account' }).waitFor()
    expect(new URL(page.url()).searchParams.get('next')).toBe('/tasks')
    await page.getByLabel('Name').fill('Nora Next')
    await page.getByLabel('Email').fill(`nora-${Date.now()}@example.com`)
    await page.getByLabel('Password').fill('correct horse battery')
    await page.getByRole('button', { name: 'Sign up' }).click()

    await page.getByRole('heading', { name: 'My tasks' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/tasks')
    await page.getByText('No tasks yet').waitFor()

    await page.getByLabel('Title').fill('Ship the Next.js example')
    await page.getByLabel('Description').fill('From the packed tarball')
    await page.getByRole('button', { name: 'Add task' }).click()
    const tasks = page.getByRole('list', { name: 'Tasks' })
    const box = tasks.getByRole('checkbox', { name: 'Ship the Next.js example' })
    await box.waitFor()
    await page.getByText('Task created').waitFor()
    expect(await box.isChecked()).toBe(false)

    await box.check()
    await page.waitForFunction(() => !document.querySelector('li[aria-busy="true"]'))
    expect(await box.isChecked()).toBe(true)

    // A reload keeps the session (the mock's state is in localStorage) and the task (toggled).
    await page.reload()
    await tasks.getByRole('checkbox', { name: 'Ship the Next.js example' }).waitFor()
    expect(await tasks.getByRole('checkbox', { name: 'Ship the Next.js example' }).isChecked()).toBe(true)

    await tasks.getByRole('button', { name: 'Delete Ship the Next.js example' }).click()
    await page.getByText('Task deleted').waitFor()
    await page.getByText('No tasks yet').waitFor()
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  test('a 422 from the API is shown next to the field and as a toast', async () => {
    const page = await openPage()
    await page.goto('/sign-in')
    await page.getByLabel('Email').fill('demo@example.com')
    await page.getByLabel('Password').fill('demo-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'My tasks' }).waitFor()
    // The demo account's seeded tasks.
    await page.getByRole('list', { name: 'Tasks' }).waitFor()
    await page.getByRole('button', { name: 'Add task' }).click()
    await page.getByText('Please correct the highlighted fields').waitFor()
    expect(await page.getByLabel('Title').getAttribute('aria-invalid')).toBe('true')
    await page.context().close()
  }, 60_000)
})
