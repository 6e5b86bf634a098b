/**
 * How a checklist test steers the frontend under test: make its JWT expire, end its session, cut
 * its network. Two kinds, chosen by the run's settings (ui-run-settings.ts): a mock build steered
 * through `window.tckMock`, or any running frontend steered only from the browser's side.
 */
import type { Page } from '@playwright/test'
import type { BrowserCapability } from '../browser-checklist.ts'

export interface UiStack {
  /** Origin (or base URL) of the frontend, which also serves Better Auth. */
  url: string
  /** Origin of the Task API when known; UI-007 then requires the app's calls to go there. */
  apiOrigin?: string
  capabilities: ReadonlySet<BrowserCapability>
  /** Makes the page's current JWT unusable, so the next API call needs a fresh one. */
  expireToken(page: Page): Promise<void>
  /** Ends the server-side session: the next token request fails, so the next API call gets a 401. */
  endSession(page: Page): Promise<void>
  /** Cuts (or restores) the network between the page and the API. */
  setOffline(page: Page, offline: boolean): Promise<void>
  /** After a test: ends the test user's sessions on a real deployment, so a kept trace holds only dead cookies. */
  forgetUser(page: Page): Promise<void>
}

/** What a mock build exposes as `window.tckMock` (`startMockWorker({ exposeOnWindow: true })`). */
interface MockHandle {
  scenarios: { set(changes: Record<string, unknown>): void }
  auth: { revokeSessions(): void }
}

type MockWindow = Window & { tckMock?: MockHandle }

const NO_MOCK = 'window.tckMock is missing: is this a mock build started with startMockWorker({ exposeOnWindow: true })?'

/** Age in seconds after which the mock API refuses a token, once `expireToken` ran. */
const MOCK_TOKEN_MAX_AGE_SECONDS = 4

/**
 * A frontend built on the MSW mock, steered through `window.tckMock`. Its API is answered inside
 * the page, so there is no cross-origin request to observe.
 */
export function mockControlledStack(url: string): UiStack {
  return {
    url,
    capabilities: new Set(['token-expiry']),
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
    forgetUser: async () => {},
    // A service worker answers the API inside the page, so the browser's offline switch would not reach it.
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

/**
 * Any running frontend with Better Auth at `authBasePath`: the network is cut with the browser's
 * offline switch; a session ends through Better Auth's `revoke-sessions`. Expiry can only be waited
 * for, so it is a capability only when the tokens' lifetime `tokenTtlSeconds` is known.
 */
export function browserControlledStack(options: { url: string; apiUrl?: string; authBasePath: string; tokenTtlSeconds?: number }): UiStack {
  const { url, tokenTtlSeconds } = options
  // A full lifetime (plus the client's usual 1 s refresh margin) guarantees every token the page holds is stale.
  const waitForExpiry = (page: Page) => page.waitForTimeout(((tokenTtlSeconds ?? 0) + 1) * 1000)
  const capabilities = new Set<BrowserCapability>(['cross-origin'])
  if (tokenTtlSeconds !== undefined) capabilities.add('token-expiry')
  // Better Auth deletes every session of the user; the browser keeps its (now useless) cookie.
  const revoke = (page: Page) =>
    page.request.post(new URL(`${options.authBasePath}/revoke-sessions`, url).href, { headers: { origin: new URL(url).origin }, data: {} })
  return {
    url,
    apiOrigin: options.apiUrl ? new URL(options.apiUrl).origin : undefined,
    capabilities,
    expireToken: waitForExpiry,
    async endSession(page) {
      const res = await revoke(page)
      if (res.status() !== 200) throw new Error(`POST ${options.authBasePath}/revoke-sessions answered ${res.status()}, not 200`)
      await waitForExpiry(page)
    },
    setOffline: (page, offline) => page.context().setOffline(offline),
    async forgetUser(page) {
      await revoke(page).catch(() => undefined)
    },
  }
}

/**
 * Lifetimes (`exp` − `iat`, seconds) of the JWTs the page gets from `<authBasePath>/token`, filled in
 * as they arrive: a run told `--token-ttl` shorter than the real one would wait too little and fail
 * a sound app, so the expiry steps compare first.
 */
export function observeTokenLifetimes(page: Page, authBasePath: string): number[] {
  const lifetimes: number[] = []
  page.on('response', (res) => {
    if (!res.ok() || new URL(res.url()).pathname !== `${authBasePath}/token`) return
    res
      .json()
      .then((body: { token?: unknown }) => {
        const payload = typeof body?.token === 'string' ? body.token.split('.')[1] : undefined
        if (!payload) return
        const { exp, iat } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown; iat?: unknown }
        if (typeof exp === 'number' && typeof iat === 'number') lifetimes.push(exp - iat)
      })
      .catch(() => undefined)
  })
  return lifetimes
}
