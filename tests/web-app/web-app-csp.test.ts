/**
 * F13: the web app is served with its security headers (CSP, X-Frame-Options, nosniff,
 * Referrer-Policy) on the page and on every asset, and the bundle runs under that CSP with no
 * violation, in both modes: real (`startWebStack`, what `tck start` runs: Better Auth + the API on
 * another origin) and mock (`tck web --mock`: the MSW worker in the page). In Chromium, a person signs
 * up, adds a task and sees it listed, while every `securitypolicyviolation` and "Refused to" console
 * line is recorded: a CSP that forgets the API's origin, or blocks the worker, fails here.
 *
 * Needs playwright-core and Debian's Chromium (tests/support/chromium.ts); skipped with the reason otherwise.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runWebCommand } from '../../cli/web-command.ts'
import { startWebStack, type WebStack } from '../../web/web-stack/start-web-stack.ts'
import { browserSkipReason, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts'
import { testEnv } from '../support/test-env.ts'

const reason = browserSkipReason(testEnv.ci)

const dirs: string[] = []
let stack: WebStack | undefined
let mockUrl: string
const stopMock = new AbortController()
let mockStopped: Promise<number> | undefined

beforeAll(async () => {
  const realOut = await mkdtemp(join(tmpdir(), 'tck-csp-real-'))
  const mockOut = await mkdtemp(join(tmpdir(), 'tck-csp-mock-'))
  dirs.push(realOut, mockOut)
  stack = await startWebStack({
    webPort: 0,
    apiPort: 0,
    authSecret: randomBytes(32).toString('base64url'),
    authPgliteDataDir: 'memory://',
    apiEnv: { PGLITE_DATA_DIR: 'memory://', LOG_LEVEL: 'warn' },
    webOutDir: realOut,
  })
  // The real `tck web --mock` command, so its own headers are the ones tested.
  const stdout = new PassThrough()
  let printed = ''
  stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()))
  mockStopped = runWebCommand(['--mock', '--port', '0', '--out', mockOut], { stdout, stderr: stdout, signal: stopMock.signal })
  for (let i = 0; i < 600 && !/ at (\S+)\//.test(printed); i++) await new Promise((resolve) => setTimeout(resolve, 100))
  mockUrl = printed.match(/ at (\S+)\//)?.[1] ?? ''
  if (!mockUrl) throw new Error(`tck web --mock printed no URL:\n${printed}`)
}, 120_000)

afterAll(async () => {
  stopMock.abort()
  await mockStopped
  await stack?.close()
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

const EXPECTED_HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy']

describe('security headers of the web app', () => {
  it.each(['real', 'mock'] as const)('%s mode: on the page, deep links, the config, the bundle and a 404', async (mode) => {
    const base = mode === 'real' ? stack!.webUrl : mockUrl
    const paths = ['/', '/tasks/42', '/app-config.js', '/assets/main.js', '/missing.js', ...(mode === 'mock' ? ['/mockServiceWorker.js'] : [])]
    for (const path of paths) {
      const res = await fetch(base + path)
      await res.arrayBuffer()
      for (const name of EXPECTED_HEADERS) expect(res.headers.get(name), `${name} on ${path}`).toBeTruthy()
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('same-origin')
    }
    const csp = (await fetch(base)).headers.get('content-security-policy')!
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    // Only the mock build compiles Ajv validators with new Function.
    if (mode === 'real') {
      expect(csp).not.toContain("'unsafe-eval'")
      expect(csp).toMatch(new RegExp(`connect-src 'self' ${new URL(stack!.apiUrl).origin}(;|$)`))
    }
  })
})

describe.skipIf(reason !== undefined)(`the app under its CSP in Chromium${reason ? ` — skipped: ${reason}` : ''}`, () => {
  let browser: Browser
  beforeAll(async () => {
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] })
  })
  afterAll(() => browser?.close())

  /** A fresh context whose pages report every CSP violation into `violations`. */
  async function watchedContext(violations: string[]): Promise<BrowserContext> {
    const context = await browser.newContext({ serviceWorkers: 'allow' })
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`securitypolicyviolation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`)
      })
    })
    context.on('console', (message) => {
      if (/securitypolicyviolation|Refused to|Content Security Policy/.test(message.text())) violations.push(message.text())
    })
    return context
  }

  it.each(['real', 'mock'] as const)(
    '%s mode: signs up, adds a task, lists it after a reload, signs out, with no CSP violation',
    async (mode) => {
      const base = mode === 'real' ? stack!.webUrl : mockUrl
      const violations: string[] = []
      const context = await watchedContext(violations)
      const page = await context.newPage()
      page.setDefaultTimeout(15_000)
      try {
        await page.goto(`${base}/sign-up`)
        if (mode === 'mock') await page.waitForSelector('html[data-tck-mock=ready]')
        await page.getByRole('heading', { name: 'Create account' }).waitFor()
        await page.getByLabel('Name').fill('Csp')
        await page.getByLabel('Email').fill(`csp-${randomBytes(4).toString('hex')}@example.test`)
        await page.getByLabel('Password').fill('a-long-password')
        await page.getByRole('button', { name: 'Sign up' }).click()
        await page.getByRole('heading', { name: 'My tasks' }).waitFor()
        await page.getByLabel('Title').fill('Under a CSP')
        await page.getByRole('button', { name: 'Add task' }).click()
        await page.getByRole('list', { name: 'Tasks' }).getByRole('checkbox', { name: 'Under a CSP' }).waitFor()
        await page.reload()
        await page.getByRole('list', { name: 'Tasks' }).getByRole('checkbox', { name: 'Under a CSP' }).waitFor()
        // Sign-out is a same-origin POST with the session cookie: Better Auth checks its Origin.
        await page.getByRole('button', { name: 'Sign out' }).click()
        await page.getByRole('heading', { name: 'Sign in' }).waitFor()
        await page.goto(`${base}/tasks`)
        await page.getByRole('heading', { name: 'Sign in' }).waitFor()
      } catch (error) {
        throw Object.assign(error as Error, { message: `${(error as Error).message}\nCSP violations: ${JSON.stringify(violations, null, 2)}` })
      } finally {
        await context.close()
      }
      expect(violations).toEqual([])
    },
    60_000,
  )

  it('refuses to be framed by another origin', async () => {
    const violations: string[] = []
    const context = await watchedContext(violations)
    const page = await context.newPage()
    try {
      const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors|X-Frame-Options/.test(m.text()), timeout: 15_000 })
      await page.setContent(`<iframe src="${stack!.webUrl}/sign-in"></iframe>`)
      expect((await refused).text()).toContain("frame-ancestors 'none'")
    } finally {
      await context.close()
    }
  })
})
