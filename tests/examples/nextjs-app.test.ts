/**
 * examples/nextjs-app: the Next.js 16 App Router frontend, as a team would get it. The package is
 * packed (`npm pack`, prepack builds dist/), the app copied to a temp folder with the tarball as its
 * vendor/tasks-tck.tgz (its only way to tasks-tck), installed, the MSW worker copied with
 * `tck msw-init public`, built in mock mode and started; then Chromium signs up through the mock
 * Better Auth, adds a task, toggles and deletes it. Slow (pack ~11 s, install ~12 s, build ~16 s on
 * 2 cores): the step times are printed at the end.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { browserSkipReason, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts'
import { buildNextjsExampleMock, startNextjsExample } from '../support/nextjs-example.ts'
import { testEnv } from '../support/test-env.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const APP = join(ROOT, 'examples/nextjs-app')
/** Not copied: what `npm install`, `next build`, `npm run vendor` and `tck msw-init` make. */
const GENERATED = new Set(['node_modules', '.next', 'vendor', 'next-env.d.ts', 'mockServiceWorker.js', '.data'])
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
let server: { url: string; close(): Promise<void> } | undefined
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
    // tests/support/nextjs-example.ts, shared with the browser checklist's `nextjs-mock` project.
    const built = await buildNextjsExampleMock(work)
    Object.assign(times, built.times)
    const app = built.appDir
    // As `npm run vendor` does: naming the tarball rewrote its lockfile integrity (a plain install
    // would keep, or take from npm's cache, the content of the tarball the lockfile was made with).
    const lock = JSON.parse(await readFile(join(app, 'package-lock.json'), 'utf8'))
    const tarball = await readFile(join(app, 'vendor/tasks-tck.tgz'))
    expect(lock.packages['node_modules/tasks-tck'].integrity).toBe(`sha512-${createHash('sha512').update(tarball).digest('base64')}`)
    expect(JSON.parse(await readFile(join(app, 'package.json'), 'utf8')).dependencies['tasks-tck']).toBe('file:vendor/tasks-tck.tgz')

    const started = Date.now()
    server = await startNextjsExample(app)
    origin = server.url
    times['next start (until /sign-in answers)'] = Date.now() - started

    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] })
  }, 420_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
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
