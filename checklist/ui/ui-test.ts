/**
 * Playwright's `test` for the browser checklist (specs/*.spec.ts): each item is
 * `test(item('UI-004'), …)`, so reports point at the spec's own line. The fixtures give every test
 * the frontend under test (`stack`), its profile, the page seen through that profile (`ui`) and a
 * fresh user, and skip an item the run cannot prove, with the reason and what would enable it.
 */
import { randomBytes } from 'node:crypto'
import { test as base, expect, type Page, type TestInfo } from '@playwright/test'
import { BROWSER_CAPABILITY_REASONS, browserItem } from '../browser-checklist.ts'
import { type FrontendProfile, type FrontendProfileInput, type FrontendProfileName, frontendProfile, mergeFrontendProfile } from './frontend-profile.ts'
import { screen, type Screen } from './screen.ts'
import { readUiRunSettings, UI_ENV } from './ui-run-settings.ts'
import { browserControlledStack, mockControlledStack, observeTokenLifetimes, type UiStack } from './ui-stack.ts'

/**
 * A frontend a Playwright project names (this repository's projects); without it, the run's
 * settings come from the environment `tck ui` writes (ui-run-settings.ts).
 */
export interface UiTarget {
  /** Environment variable holding the frontend's URL: a global setup fills it in after starting the app. */
  urlEnv: string
  /** Environment variable holding the Task API's URL, when the app calls one of its own. */
  apiUrlEnv?: string
  mock?: boolean
  tokenTtlSeconds?: number
  profile?: FrontendProfileName | FrontendProfileInput
}

export interface UiOptions {
  /** The frontend under test; default: the `TCK_UI_*` environment. */
  uiTarget: UiTarget | undefined
  /**
   * Items that must fail (a deliberately broken frontend), each with a text its failure must contain:
   * it runs as `test.fail()`, and a failure for another reason (a dead app, a wrong locator) is unexpected.
   */
  expectFailing: Readonly<Record<string, string>>
  /** Why no browser can run here; every item is skipped with it. */
  browserSkip: string | undefined
}

/** A user a test signs up; unique per test, so tests never see each other's data. */
export interface TestUser {
  name: string
  email: string
  password: string
}

/** The title of checklist item `id`: `<ID> <title>`; throws for an ID the catalogue lacks. */
export function item(id: string): string {
  const entry = browserItem(id)
  return `${entry.id} ${entry.title}`
}

interface Resolved {
  profile: FrontendProfile
  stack: UiStack
  /** A mock build steered through `window.tckMock`. */
  mock: boolean
  /** Seconds an expiry item waits per expiry: a real token's lifetime (0 on the mock, which is quick). */
  expiryWaitSeconds: number
}

function resolveTarget(target: UiTarget | undefined): Resolved {
  const read = readUiRunSettings(process.env)
  if (read.problems.length > 0 || !read.settings) throw new Error(`The browser checklist's settings are wrong:\n  - ${read.problems.join('\n  - ')}`)
  const fromEnv = read.settings
  const url = target ? process.env[target.urlEnv] : fromEnv.url
  if (!url)
    throw new Error(
      `${target?.urlEnv ?? UI_ENV.url} is not set: run the checklist with \`tck ui --url URL\` (or through this repository's playwright.config.ts)`,
    )
  const mock = target ? (target.mock ?? false) : fromEnv.mock
  const tokenTtlSeconds = target ? target.tokenTtlSeconds : fromEnv.tokenTtlSeconds
  const apiUrl = target ? (target.apiUrlEnv ? process.env[target.apiUrlEnv] : undefined) : fromEnv.apiUrl
  const input = target ? (target.profile ?? 'react-app') : fromEnv.profile
  const profile = typeof input === 'string' ? frontendProfile(input) : mergeFrontendProfile(input)
  const stack = mock ? mockControlledStack(url) : browserControlledStack({ url, apiUrl, authBasePath: profile.authBasePath, tokenTtlSeconds })
  return { profile, stack, mock, expiryWaitSeconds: mock ? 0 : (tokenTtlSeconds ?? 0) }
}

/** Prefix of the mock's console warnings: contract drift, and a `Prefer` no response matches. */
const MOCK_WARNING = '[tck mock]'

/** The item's ID, from a title `item()` made. */
const itemId = (testInfo: TestInfo) => /^UI-\d{3}\b/.exec(testInfo.title)?.[0]

export const test = base.extend<
  { stack: UiStack; user: TestUser; ui: Screen; itemGate: void; mockStaysInContract: void },
  UiOptions & { profile: FrontendProfile; resolved: Resolved }
>({
  uiTarget: [undefined, { option: true, scope: 'worker' }],
  expectFailing: [{}, { option: true, scope: 'worker' }],
  browserSkip: [undefined, { option: true, scope: 'worker' }],
  resolved: [async ({ uiTarget }, use) => use(resolveTarget(uiTarget)), { scope: 'worker' }],
  profile: [async ({ resolved }, use) => use(resolved.profile), { scope: 'worker' }],
  // Runs before the browser is launched: a missing browser, a missing capability, a broken variant's expectation.
  itemGate: [
    async ({ browserSkip, expectFailing, resolved }, use, testInfo) => {
      test.skip(browserSkip !== undefined, browserSkip)
      const id = itemId(testInfo)
      const needs = id ? (browserItem(id).needs ?? []) : []
      const missing = needs.filter((need) => !resolved.stack.capabilities.has(need))
      test.skip(missing.length > 0, missing.map((need) => BROWSER_CAPABILITY_REASONS[need]).join('; '))
      // Real token lifetimes are waited out: up to three per item (UI-004 ends a session, then signs in again).
      if (needs.includes('token-expiry')) testInfo.setTimeout(testInfo.timeout + 3 * (resolved.expiryWaitSeconds + 1) * 1000)
      const fault = id ? expectFailing[id] : undefined
      if (fault !== undefined) test.fail(true, `${id} is meant to catch this frontend's deliberate fault ("${fault}")`)
      await use()
      if (fault !== undefined && testInfo.errors.length > 0 && !testInfo.errors.some((e) => e.message?.includes(fault))) {
        // Failed, but not as the fault makes it fail: report it as an unexpected failure.
        testInfo.expectedStatus = 'passed'
        testInfo.annotations.push({ type: 'wrong-failure', description: `${id} failed without "${fault}" in its error` })
      }
    },
    { auto: true },
  ],
  // A mock build: every answer the worker gave during the test (each page, each reload, the
  // 401/403/404/422 ones included) matched the contract; the mock warns on the console otherwise.
  mockStaysInContract: [
    async ({ itemGate, context, resolved }, use) => {
      void itemGate
      const warnings: string[] = []
      if (resolved.mock) {
        context.on('console', (message) => {
          if (message.text().startsWith(MOCK_WARNING)) warnings.push(message.text())
        })
      }
      await use()
      expect(warnings, 'the mock warned (an answer outside the contract?)').toEqual([])
    },
    { auto: true },
  ],
  stack: async ({ resolved, page }, use) => {
    if (resolved.mock) return use(resolved.stack)
    const lifetimes = observeTokenLifetimes(page, resolved.profile.authBasePath)
    const checked =
      <A extends unknown[]>(step: (page: Page, ...rest: A) => Promise<void>) =>
      async (p: Page, ...rest: A) => {
        const longest = Math.max(0, ...lifetimes)
        if (resolved.expiryWaitSeconds > 0 && longest > resolved.expiryWaitSeconds + 1)
          throw new Error(`the frontend's JWTs live ${longest} s, longer than --token-ttl ${resolved.expiryWaitSeconds}: give their real lifetime`)
        return step(p, ...rest)
      }
    await use({ ...resolved.stack, expireToken: checked(resolved.stack.expireToken), endSession: checked(resolved.stack.endSession) })
    await resolved.stack.forgetUser(page)
  },
  ui: async ({ page, stack, profile }, use) => use(screen(page, profile, stack.url)),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this destructuring
  user: async ({}, use) => {
    const id = randomBytes(5).toString('hex')
    await use({ name: `User ${id}`, email: `ui-${id}@example.test`, password: `pw-${randomBytes(9).toString('base64url')}` })
  },
})

export { expect }
