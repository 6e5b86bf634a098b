import { randomBytes } from 'node:crypto'
import { test as base, expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test'
import { browserSkipReason, CHROMIUM_ARGS, CHROMIUM_MISSING, CHROMIUM_PATH } from '../support/chromium.ts'
import { testEnv } from '../support/test-env.ts'
import { BROWSER_CAPABILITY_REASONS, browserItem, type BrowserCapability } from '../../checklist/browser-checklist.ts'
import { type FrontendProfile, type FrontendProfileName, frontendProfile } from '../../checklist/ui/frontend-profile.ts'
import { screen, type Screen } from './screen.ts'

export { CHROMIUM_ARGS, CHROMIUM_MISSING, CHROMIUM_PATH }

/** JWT lifetime of the real project's Better Auth, seconds: short, so expiry happens within a test. */
export const REAL_TOKEN_TTL_SECONDS = 5

/** Age in seconds after which the mock project's API refuses a token, once `expireToken` ran. */
const MOCK_TOKEN_MAX_AGE_SECONDS = 4

/** Environment names global-setup.ts fills in for the workers. */
export const E2E_ENV = {
  mockUrl: 'TCK_E2E_MOCK_URL',
  realUrl: 'TCK_E2E_REAL_URL',
  realApiUrl: 'TCK_E2E_REAL_API_URL',
  nextjsMockUrl: 'TCK_E2E_NEXTJS_MOCK_URL',
} as const

/** Selects the frontend profile (checklist/ui/frontend-profile.ts) when a project does not set `frontendProfile`. */
export const PROFILE_ENV = 'TCK_E2E_PROFILE'

export interface StackOptions {
  /** `nextjs-mock`: examples/nextjs-app built in mock mode (the same `window.tckMock` as our mock build). */
  stackName: 'mock' | 'real' | 'nextjs-mock'
  /** The frontend's routes, accessible names and message patterns; default `$TCK_E2E_PROFILE`, else ours. */
  frontendProfile: FrontendProfileName
}

/** One project's stack and how a test steers it; the same checklist runs against both. */
export interface Stack {
  name: StackOptions['stackName']
  /** Origin of the web app (and of Better Auth). */
  url: string
  capabilities: ReadonlySet<BrowserCapability>
  /** Makes the page's current JWT unusable, so the next API call needs a fresh one. */
  expireToken(page: Page): Promise<void>
  /** Ends the server-side session: the next token request fails, so the next API call gets a 401. */
  endSession(page: Page): Promise<void>
  /** Cuts (or restores) the network between the page and the API. */
  setOffline(page: Page, offline: boolean): Promise<void>
}

/** A user a test signs up; unique per test, so tests never see each other's data. */
export interface TestUser {
  name: string
  email: string
  password: string
}

function realStack(): Stack {
  const url = process.env[E2E_ENV.realUrl]
  if (!url) throw new Error(`${E2E_ENV.realUrl} is not set: run through playwright.config.ts (global-setup.ts starts the stack)`)
  // Better Auth's tokens carry their own exp; the app refreshes 1 s before it. Waiting a full lifetime
  // guarantees every token the page holds is stale.
  const waitForExpiry = (page: Page) => page.waitForTimeout((REAL_TOKEN_TTL_SECONDS + 1) * 1000)
  return {
    name: 'real',
    url,
    capabilities: new Set(['cross-origin']),
    expireToken: waitForExpiry,
    async endSession(page) {
      // Better Auth deletes every session of the user; the browser keeps its (now useless) cookie.
      const res = await page.request.post(`${url}/api/auth/revoke-sessions`, { headers: { origin: url }, data: {} })
      expect(res.status(), 'revoke-sessions').toBe(200)
      await waitForExpiry(page)
    },
    setOffline: (page, offline) => page.context().setOffline(offline),
  }
}

/** What a mock build exposes as `window.tckMock` (`startMockWorker({ exposeOnWindow: true })`: web/app/mock, examples/nextjs-app). */
interface MockHandle {
  scenarios: { set(changes: Record<string, unknown>): void }
  auth: { revokeSessions(): void; setTokenTtlSeconds(seconds: number): void; tokenRequests(): number }
}

/** `window` of the mock build, typed for the `page.evaluate` callbacks below. */
type MockWindow = Window & { tckMock?: MockHandle }

const NO_MOCK = 'window.tckMock is missing: is this the mock build?'

/**
 * A frontend built in mock mode whose worker is steered through `window.tckMock`: ours (`mock`) or
 * the Next.js example (`nextjs-mock`). Same origin for the app and the mocked API, so no `cross-origin`.
 */
function mockStack(name: 'mock' | 'nextjs-mock'): Stack {
  const env = name === 'mock' ? E2E_ENV.mockUrl : E2E_ENV.nextjsMockUrl
  const url = process.env[env]
  if (!url)
    throw new Error(
      `${env} is not set: run through playwright.config.ts (global-setup.ts starts the stack${name === 'nextjs-mock' ? ' with TCK_E2E_NEXTJS=1' : ''})`,
    )
  return {
    name,
    url,
    capabilities: new Set(),
    async expireToken(page) {
      // The mock API answers 401 to tokens issued more than MOCK_TOKEN_MAX_AGE_SECONDS ago: the client
      // cannot know, so it must react to the 401. A fresh token then has that long to be used, which
      // on a loaded CI machine has to cover the retries and the list reload after them (1 s did not).
      await page.evaluate(
        ([missing, seconds]) => {
          const mock = (window as MockWindow).tckMock
          if (!mock) throw new Error(missing)
          mock.scenarios.set({ tokenExpiresAfterSeconds: seconds })
        },
        [NO_MOCK, MOCK_TOKEN_MAX_AGE_SECONDS] as const,
      )
      await page.waitForTimeout(MOCK_TOKEN_MAX_AGE_SECONDS * 1000 + 500)
    },
    async endSession(page) {
      await page.evaluate((missing) => {
        const mock = (window as MockWindow).tckMock
        if (!mock) throw new Error(missing)
        mock.auth.revokeSessions()
        // The page still holds a token the client thinks is fresh: the API's next answer is its 401.
        mock.scenarios.set({ failNext: 401 })
      }, NO_MOCK)
    },
    setOffline: (page, offline) =>
      page.evaluate(
        ([missing, value]) => {
          const mock = (window as MockWindow).tckMock
          if (!mock) throw new Error(missing)
          mock.scenarios.set({ offline: value })
        },
        [NO_MOCK, offline] as const,
      ),
  }
}

/** Prefix of the mock's console warnings: contract drift, and a `Prefer` no response matches. */
const MOCK_WARNING = '[tck mock]'

export const test = base.extend<
  { stack: Stack; user: TestUser; ui: Screen; browserReady: void; mockStaysInContract: void },
  StackOptions & { profile: FrontendProfile }
>({
  stackName: ['mock', { option: true, scope: 'worker' }],
  frontendProfile: [(process.env[PROFILE_ENV] ?? 'react-app') as FrontendProfileName, { option: true, scope: 'worker' }],
  profile: [async ({ frontendProfile: name }, use) => use(frontendProfile(name)), { scope: 'worker' }],
  // Runs before the browser is launched: without Chromium every check is skipped with the hint, except in CI.
  browserReady: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this destructuring
    async ({}, use) => {
      const reason = browserSkipReason(testEnv.ci)
      test.skip(reason !== undefined, reason)
      await use()
    },
    { auto: true },
  ],
  // Mock projects: every answer the worker gave during the test (each page, each reload, the
  // 401/403/404/422 ones included) matched the contract; the mock warns on the console otherwise.
  mockStaysInContract: [
    async ({ browserReady, context, stackName }, use) => {
      void browserReady
      const warnings: string[] = []
      if (stackName !== 'real') {
        context.on('console', (message) => {
          if (message.text().startsWith(MOCK_WARNING)) warnings.push(message.text())
        })
      }
      await use()
      expect(warnings, 'the mock warned (an answer outside the contract?)').toEqual([])
    },
    { auto: true },
  ],
  stack: async ({ stackName }, use) => use(stackName === 'real' ? realStack() : mockStack(stackName)),
  ui: async ({ page, stack, profile }, use) => use(screen(page, profile, stack.url)),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this destructuring
  user: async ({}, use) => {
    const id = randomBytes(5).toString('hex')
    await use({ name: `User ${id}`, email: `ui-${id}@example.test`, password: `pw-${randomBytes(9).toString('base64url')}` })
  },
})

/**
 * Declares checklist item `id` as a test titled `<ID> <title>`; in a project lacking a capability
 * the item needs, it is skipped with the reason (reported, never passed).
 */
export function check(id: string, body: (fixtures: CheckFixtures, testInfo: TestInfo) => Promise<void>): void {
  const item = browserItem(id)
  // Playwright reads the destructured names to know which fixtures to set up.
  test(`${item.id} ${item.title}`, async ({ page, context, stack, user, profile, ui }, testInfo) => {
    const missing = (item.needs ?? []).filter((need) => !stack.capabilities.has(need))
    test.skip(missing.length > 0, missing.map((need) => BROWSER_CAPABILITY_REASONS[need]).join('; '))
    await body({ page, context, stack, user, profile, ui }, testInfo)
  })
}

/** What a checklist test receives. */
export interface CheckFixtures {
  page: Page
  context: BrowserContext
  stack: Stack
  user: TestUser
  /** The frontend under test: its routes, accessible names and message patterns. */
  profile: FrontendProfile
  /** `page` seen through `profile`: every element by role, label or text. */
  ui: Screen
}

export { expect }
