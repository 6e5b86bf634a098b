/**
 * Smoke test of the React web app in a real Chromium, mock mode: the build served as static files
 * (SPA fallback), Better Auth and the Task API answered by the MSW worker in the page, started by the
 * package's browser entry (`startMockWorker` of tasks-tck/msw/browser: bundled contract, in-memory
 * issuer). Sign up, add a task, reload: still signed in, the task still listed; the worker's own
 * answers (a 422 from the path schema, 401s from token verification in the page) and that nothing
 * reached the static server. (The full browser checklist is the Playwright suite in tests/e2e.)
 *
 * Needs `playwright-core` and Debian's Chromium at /usr/bin/chromium; without either, the suite is
 * skipped with the reason (under CI=true that is an error). On failure, a screenshot and the page's
 * console are written to reports/web-app/.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveStatic, type StaticServer } from '../../shared/http/static-server.ts'
import { buildWebApp } from '../../web/app/build-web-app.ts'
import { browserSkipReason, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts'
import { testEnv } from '../support/test-env.ts'

const REPORT_DIR = join(process.cwd(), 'reports', 'web-app')

const reason = browserSkipReason(testEnv.ci)

describe.skipIf(reason !== undefined)(`web app (mock mode) in Chromium${reason ? ` — skipped: ${reason}` : ''}`, () => {
  let outDir: string
  let server: StaticServer
  let browser: Browser
  let page: Page
  const consoleLines: string[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'tck-web-app-'))
    await buildWebApp({ outDir, mode: 'mock' })
    server = await serveStatic(outDir, { spaFallback: true })
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] })
    const context = await browser.newContext({ serviceWorkers: 'allow' })
    page = await context.newPage()
    page.setDefaultTimeout(10_000)
    // Holds the answer of a task-list GET for 1.5 s while the page's sessionStorage says so (one step below).
    await page.addInitScript(() => {
      const original = window.fetch.bind(window)
      window.fetch = async (input, init) => {
        const response = await original(input, init)
        const request = input instanceof Request ? input : undefined
        const url = new URL(request?.url ?? String(input), location.href)
        const method = init?.method ?? request?.method ?? 'GET'
        if (sessionStorage.getItem('tck-test-slow-list') && method === 'GET' && /^\/api\/[^/]+\/tasks$/.test(url.pathname)) {
          await new Promise((resolve) => setTimeout(resolve, 1_500))
        }
        return response
      }
    })
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`))
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message))
  })

  afterAll(async () => {
    await browser?.close().catch(() => {})
    await server?.close()
    if (outDir) await rm(outDir, { recursive: true, force: true })
  })

  it('signs up, adds a task, and after a reload is still signed in with the task listed', async () => {
    let step = ''
    const run = async (name: string, body: () => Promise<void>) => {
      step = name
      await body()
    }
    try {
      await run('a protected deep link redirects to sign-in once the worker is ready', async () => {
        await page.goto(`${server.url}/tasks`)
        await page.waitForSelector('html[data-tck-mock=ready]')
        // startMockWorker() resolves once msw's worker (copied by the build) controls the page.
        expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/mockServiceWorker.js`)
        await page.getByRole('heading', { name: 'Sign in' }).waitFor()
        expect(new URL(page.url()).search).toBe('?next=%2Ftasks')
      })

      await run('sign up; a short password is explained next to the field', async () => {
        await page.getByRole('link', { name: 'Create an account' }).click()
        await page.getByRole('heading', { name: 'Create account' }).waitFor()
        await page.getByLabel('Name').fill('Ann')
        await page.getByLabel('Email').fill('ann@example.test')
        await page.getByLabel('Password').fill('short')
        await page.getByRole('button', { name: 'Sign up' }).click()
        const error = page.locator('#password-error')
        await error.waitFor()
        expect(await error.textContent()).toBe('Password must be at least 8 characters')
        expect(await page.getByLabel('Password').getAttribute('aria-describedby')).toBe('password-error')
        await page.getByLabel('Password').fill('a-long-password')
        await page.getByRole('button', { name: 'Sign up' }).click()
        await page.getByRole('heading', { name: 'My tasks' }).waitFor()
        expect(new URL(page.url()).pathname).toBe('/tasks')
        await page.getByText('No tasks yet').waitFor()
        expect(await page.getByTestId('user-email').textContent()).toBe('ann@example.test')
      })

      await run('add a task', async () => {
        await page.getByLabel('Title').fill('  Buy milk  ')
        await page.getByLabel('Description').fill('oat')
        await page.getByRole('button', { name: 'Add task' }).click()
        await page.getByRole('list', { name: 'Tasks' }).getByRole('checkbox', { name: 'Buy milk' }).waitFor()
        expect(await page.getByTestId('task-count').textContent()).toBe('1 task')
        // The form is cleared for the next task.
        expect(await page.getByLabel('Title').inputValue()).toBe('')
      })

      await run('reload: still signed in, the task still listed', async () => {
        await page.reload()
        await page.waitForSelector('html[data-tck-mock=ready]')
        const task = page.getByRole('list', { name: 'Tasks' }).getByRole('checkbox', { name: 'Buy milk' })
        await task.waitFor()
        expect(new URL(page.url()).pathname).toBe('/tasks')
        expect(await page.getByTestId('user-email').textContent()).toBe('ann@example.test')
        expect(await task.isChecked()).toBe(false)
      })

      await run('a long list: the first 100 tasks, then every task after "Load more"', async () => {
        // 104 more tasks for Ann, straight into the mock's store (the API pages at most 100 a request).
        await page.evaluate(() => {
          const { store } = (
            window as unknown as { tckMock: { store: { all(): { user_id: string }[]; seed(users: string[], options: { perUser: number }): unknown } } }
          ).tckMock
          store.seed([store.all()[0]!.user_id], { perUser: 104 })
        })
        await page.reload()
        await page.waitForSelector('html[data-tck-mock=ready]')
        const items = page.getByRole('list', { name: 'Tasks' }).getByRole('listitem')
        await page.getByRole('button', { name: 'Load more' }).waitFor()
        expect(await items.count()).toBe(100)
        expect(await page.getByTestId('task-count').textContent()).toBe('105 tasks')
        expect(await page.getByTestId('tasks-shown').textContent()).toBe('Showing 100 of 105')
        await page.getByRole('button', { name: 'Load more' }).click()
        await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' })
        expect(await items.count()).toBe(105)
        expect(await page.getByRole('list', { name: 'Tasks' }).getByRole('checkbox', { name: 'Buy milk' }).count()).toBe(1)
      })

      await run('a task added while the list is still loading is listed once the list arrives', async () => {
        // The list's answer, read before the create, reaches the app only after the create has been
        // answered (what a slow first load under load did in CI): it must not hide the new task.
        await page.evaluate(() => sessionStorage.setItem('tck-test-slow-list', '1'))
        await page.reload()
        await page.waitForSelector('html[data-tck-mock=ready]')
        await page.getByRole('status').filter({ hasText: 'Loading tasks' }).waitFor()
        await page.getByLabel('Title').fill('Added while loading')
        await page.getByRole('button', { name: 'Add task' }).click()
        await page.getByRole('list', { name: 'Tasks' }).getByRole('checkbox', { name: 'Added while loading' }).waitFor()
        await page.evaluate(() => sessionStorage.removeItem('tck-test-slow-list'))
      })

      await run('a malformed task id is the worker\'s 422 (the contract\'s path schema, checked in the page): "Task not found"', async () => {
        const answered = page.waitForResponse((response) => /^\/api\/[^/]+\/tasks\/not-a-uuid$/.test(new URL(response.url()).pathname))
        await page.goto(`${server.url}/tasks/not-a-uuid`)
        const response = await answered
        expect(response.status()).toBe(422)
        expect(await response.json()).toMatchObject({
          code: 'VALIDATION_FAILED',
          errors: expect.arrayContaining([expect.objectContaining({ loc: ['path', 'task_id'] })]),
        })
        await page.getByRole('heading', { name: 'Task not found' }).waitFor()
      })

      await run('the page verifies tokens itself (jose, WebCrypto): a forged or malformed token is a 401', async () => {
        const answers = await page.evaluate(async () => {
          const session = (await (await fetch('/api/auth/get-session')).json()) as { user: { id: string } }
          const encode = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
          const now = Math.floor(Date.now() / 1000)
          const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: session.user.id, iss: location.origin, aud: location.origin, iat: now, exp: now + 600 })}.`
          const list = async (authorization: string) => {
            const response = await fetch(`/api/${session.user.id}/tasks`, { headers: { authorization } })
            return { status: response.status, code: ((await response.json()) as { code?: string }).code }
          }
          return { unsigned: await list(`Bearer ${unsigned}`), malformed: await list('Bearer not-a-jwt') }
        })
        expect(answers).toEqual({ unsigned: { status: 401, code: 'AUTH_TOKEN_INVALID' }, malformed: { status: 401, code: 'AUTH_TOKEN_MALFORMED' } })
      })

      await run('every API and auth request was answered in the page, every answer matched the contract, and no JWT was stored', async () => {
        expect(server.requests.filter((line) => line.split(' ')[1]?.startsWith('/api'))).toEqual([])
        const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }))
        expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/)
        // Contract-drift warnings of this page load (the 422 and the 401s above included).
        expect(await page.evaluate(() => (window as unknown as { tckMock: { warnings: string[] } }).tckMock.warnings)).toEqual([])
        expect(pageErrors).toEqual([])
        // Control: a request no handler matches passes through (onUnhandledRequest: 'bypass') and does
        // reach the static server, so the empty list above is the worker's doing, not a blind spot.
        await page.evaluate(async () => void (await fetch('/api/no-such-mocked-route')))
        expect(server.requests).toContain('GET /api/no-such-mocked-route')
      })
    } catch (error) {
      await reportFailure(page, step, consoleLines, pageErrors)
      throw Object.assign(error as Error, { message: `step "${step}": ${(error as Error).message}` })
    }
  }, 60_000)
})

/** A full-page screenshot and the page's console into reports/web-app/, named after the failed step. */
async function reportFailure(page: Page | undefined, step: string, consoleLines: string[], pageErrors: string[]): Promise<void> {
  try {
    await mkdir(REPORT_DIR, { recursive: true })
    const base = join(
      REPORT_DIR,
      `smoke-${step
        .replace(/[^a-z0-9]+/gi, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase()}`,
    )
    await writeFile(`${base}.log`, [...consoleLines, ...pageErrors.map((e) => `[pageerror] ${e}`)].join('\n'))
    await page?.screenshot({ path: `${base}.png`, fullPage: true })
    console.error(`Browser failure report: ${base}.png and ${base}.log`)
  } catch (error) {
    console.error('Could not write the browser failure report:', error)
  }
}
