/**
 * The MSW browser demo (mocks/msw-browser) in a real Chromium: built to a temp folder, served as
 * static files only, driven with playwright-core. It proves that a frontend can sign in with a mock
 * token and use every task operation, and sees 401/403/404/422 as a real backend would answer them,
 * with every /api request answered by the Service Worker (the static server sees none).
 *
 * Needs `playwright-core` (a devDependency) and Debian's Chromium at /usr/bin/chromium; without
 * either, the suite is reported as skipped with the reason. On failure, a screenshot and the page's
 * console are written to reports/browser/.
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILD_FILES, buildMockBrowserApp } from '../../mocks/msw-browser/build.ts'
import { serveStatic, type StaticServer } from '../../shared/http/static-server.ts'
import { browserSkipReason, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts'
import { testEnv } from '../support/test-env.ts'

const REPORT_DIR = join(process.cwd(), 'reports', 'browser')

const reason = browserSkipReason(testEnv.ci)

describe.skipIf(reason !== undefined)(`MSW browser demo in Chromium${reason ? ` — skipped: ${reason}` : ''}`, () => {
  let outDir: string
  let server: StaticServer
  let browser: Browser
  let context: BrowserContext
  let page: Page
  /** The page's console messages and uncaught errors, for failure reports. */
  const consoleLines: string[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'tck-msw-browser-'))
    await buildMockBrowserApp(outDir)
    server = await serveStatic(outDir)
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] })
    context = await browser.newContext({ serviceWorkers: 'allow' })
    page = await context.newPage()
    page.setDefaultTimeout(10_000)
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`))
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message))
  })

  afterAll(async () => {
    await context?.close().catch(() => {})
    await browser?.close().catch(() => {})
    await server?.close()
    if (outDir) await rm(outDir, { recursive: true, force: true })
  })

  it('builds every file the static site needs', () => {
    for (const file of BUILD_FILES) expect(existsSync(join(outDir, file)), file).toBe(true)
  })

  it('signs in, runs every task operation, and shows 422/404/403/401 — all answered by the worker', async () => {
    let step = 'load the page'
    const run = async (name: string, body: () => Promise<void>) => {
      step = name
      await body()
    }
    try {
      await run('load the page and start the worker', async () => {
        await page.goto(`${server.url}/`)
        await page.waitForSelector('[data-testid=app][data-ready=true]')
        // The page is controlled by the MSW worker (start() resolves once it is).
        expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/mockServiceWorker.js`)
      })

      await run('sign in as user_alice (seeded list)', async () => {
        await page.getByTestId('user-id').fill('user_alice')
        await act(page, page.getByTestId('sign-in'))
        await expectMessage(page, 'info', 'Signed in as user_alice')
        expect(await page.getByTestId('signed-in-as').textContent()).toBe('user_alice')
        // The worker's store is seeded with 3 Faker tasks per demo user.
        expect(await rows(page).count()).toBe(3)
        expect(await page.getByTestId('task-count').textContent()).toBe('3')
      })

      let taskId = ''
      await run('create a task', async () => {
        await page.getByTestId('new-title').fill('Buy milk')
        await act(page, page.getByTestId('create-task'))
        await expectMessage(page, 'info', 'Created "Buy milk"')
        expect(await rows(page).count()).toBe(4)
        // Newest first, as the contract says.
        const first = rows(page).first()
        expect(await first.getByTestId('task-title').textContent()).toBe('Buy milk')
        expect(await first.getAttribute('data-completed')).toBe('false')
        taskId = (await first.getAttribute('data-task-id')) ?? ''
        expect(taskId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      })

      await run('rename the task', async () => {
        const row = taskRow(page, taskId)
        await row.getByTestId('task-rename-input').fill('Buy oat milk')
        await act(page, row.getByTestId('task-rename'))
        await expectMessage(page, 'info', 'Renamed to "Buy oat milk"')
        expect(await taskRow(page, taskId).getByTestId('task-title').textContent()).toBe('Buy oat milk')
      })

      await run('toggle the task (done, then not done)', async () => {
        await act(page, taskRow(page, taskId).getByTestId('task-toggle'))
        await expectMessage(page, 'info', '"Buy oat milk" is done')
        expect(await taskRow(page, taskId).getAttribute('data-completed')).toBe('true')
        expect(await taskRow(page, taskId).getByTestId('task-toggle').isChecked()).toBe(true)
        await act(page, taskRow(page, taskId).getByTestId('task-toggle'))
        await expectMessage(page, 'info', '"Buy oat milk" is not done')
        expect(await taskRow(page, taskId).getAttribute('data-completed')).toBe('false')
      })

      await run('an empty title is refused with 422 and a field error', async () => {
        await page.getByTestId('new-title').fill('')
        await act(page, page.getByTestId('create-task'))
        await expectMessage(page, 'error', 'Please correct the highlighted fields', 422, 'VALIDATION_FAILED')
        const fieldErrors = await page.getByTestId('field-error').allTextContents()
        expect(fieldErrors.length).toBeGreaterThan(0)
        expect(fieldErrors.every((line) => line.startsWith('title: '))).toBe(true)
        expect(await rows(page).count()).toBe(4)
      })

      await run('delete the task', async () => {
        await act(page, taskRow(page, taskId).getByTestId('task-delete'))
        await expectMessage(page, 'info', 'Deleted')
        expect(await taskRow(page, taskId).count()).toBe(0)
        expect(await rows(page).count()).toBe(3)
      })

      await run('the deleted task answers 404, a malformed id 422', async () => {
        await page.getByTestId('task-id-input').fill(taskId)
        await act(page, page.getByTestId('open-task'))
        await expectMessage(page, 'error', 'Not found: there is no such task for this user', 404, 'TASK_NOT_FOUND')
        await page.getByTestId('task-id-input').fill('not-a-uuid')
        await act(page, page.getByTestId('open-task'))
        await expectMessage(page, 'error', 'Please correct the highlighted fields', 422, 'VALIDATION_FAILED')
        expect((await page.getByTestId('field-error').allTextContents()).some((line) => line.startsWith('task_id: '))).toBe(true)
      })

      await run("another user's tasks answer 403", async () => {
        await page.getByTestId('other-user-id').fill('user_bob')
        await act(page, page.getByTestId('open-other-user'))
        await expectMessage(page, 'error', "You don't have permission", 403, 'FORBIDDEN_USER_MISMATCH')
        // Still signed in: a 403 is not a session problem.
        expect(await page.getByTestId('signed-in-as').textContent()).toBe('user_alice')
      })

      await run('token expiry 1 s: after 1.5 s the list answers 401', async () => {
        await page.getByTestId('expiry-seconds').fill('1')
        await act(page, page.getByTestId('apply-expiry'))
        expect(await page.getByTestId('scenario-state').textContent()).toContain('1 s')
        await page.waitForTimeout(1_500)
        await act(page, page.getByTestId('refresh'))
        await expectMessage(page, 'error', 'Session expired, sign in again', 401, 'AUTH_TOKEN_EXPIRED')
        expect(await page.getByTestId('signed-in-as').textContent()).toBe('nobody')
        expect(await rows(page).count()).toBe(0)
      })

      await run('expiry off again: signing in again works', async () => {
        await page.getByTestId('expiry-seconds').fill('')
        await act(page, page.getByTestId('apply-expiry'))
        expect(await page.getByTestId('scenario-state').textContent()).toContain('off')
        await act(page, page.getByTestId('sign-in'))
        await expectMessage(page, 'info', 'Signed in as user_alice')
        expect(await rows(page).count()).toBe(3)
      })

      await run('no /api request reached the static server; every answer matched the contract', async () => {
        const apiRequests = server.requests.filter((line) => line.split(' ')[1]?.startsWith('/api'))
        expect(apiRequests).toEqual([])
        expect(server.requests).toContain('GET /mockServiceWorker.js')
        expect(await page.evaluate(() => window.tckMock?.warnings ?? ['tckMock missing'])).toEqual([])
        expect(pageErrors).toEqual([])
        // Control: a request no handler matches is passed through (onUnhandledRequest: 'bypass') and
        // does reach the static server, so the empty list above is the worker's doing, not a blind spot.
        expect(await page.evaluate(async () => (await fetch('/api/no-such-mocked-route')).status)).toBe(404)
        expect(server.requests).toContain('GET /api/no-such-mocked-route')
      })
    } catch (error) {
      await reportFailure(page, step, consoleLines, pageErrors)
      throw Object.assign(error as Error, { message: `step "${step}": ${(error as Error).message}` })
    }
  }, 60_000)
})

const rows = (page: Page): Locator => page.getByTestId('task-row')
const taskRow = (page: Page, id: string): Locator => page.locator(`[data-testid=task-row][data-task-id="${id}"]`)

/** Clicks `target` and waits until the app reports that exactly this one action has finished. */
async function act(page: Page, target: Locator): Promise<void> {
  const app = page.getByTestId('app')
  const before = Number(await app.getAttribute('data-done'))
  await target.click()
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=app]')?.getAttribute('data-done')) > n,
    before,
  )
}

async function expectMessage(page: Page, kind: 'info' | 'error', text: string, status?: number, code?: string): Promise<void> {
  const message = page.getByTestId('message')
  const seen = {
    kind: await message.getAttribute('data-kind'),
    text: await message.textContent(),
    ...(status !== undefined && { status: await message.getAttribute('data-status') }),
    ...(code !== undefined && { code: await message.getAttribute('data-code') }),
  }
  expect(seen).toEqual({
    kind,
    text,
    ...(status !== undefined && { status: String(status) }),
    ...(code !== undefined && { code }),
  })
}

/** A full-page screenshot and the page's console into reports/browser/, named after the failed step. */
async function reportFailure(page: Page | undefined, step: string, consoleLines: string[], pageErrors: string[]): Promise<void> {
  try {
    await mkdir(REPORT_DIR, { recursive: true })
    const base = join(REPORT_DIR, `msw-browser-${step.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}`)
    await writeFile(`${base}.log`, [...consoleLines, ...pageErrors.map((e) => `[pageerror] ${e}`)].join('\n'))
    await page?.screenshot({ path: `${base}.png`, fullPage: true })
    console.error(`Browser failure report: ${base}.png and ${base}.log`)
  } catch (error) {
    console.error('Could not write the browser failure report:', error)
  }
}
