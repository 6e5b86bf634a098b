import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Issuer } from '../../mocks/issuer/index.ts'
import { createNodeMockHandlers, type MockHandlers } from '../../mocks/msw/index.ts'
import { createApiClient, type ApiClient, type ApiClientOptions } from '../../web/api-client/index.ts'

/** Origin the client calls; `setupServer` intercepts it, nothing listens. */
export const API = 'http://api.test'

export interface ClientUnderTest {
  client: ApiClient
  /** How many times `getToken` was called. */
  tokenCalls: () => number
  /** How many times `onUnauthorized` was called. */
  unauthorizedCalls: () => number
  /** Logger lines. */
  lines: string[]
  /** Every token `getToken` handed out. */
  issued: string[]
}

export interface ApiClientHarness {
  mock: MockHandlers
  issuer: Issuer
  /** Each call to `getToken` mints with `mintToken` (default: a fresh 15-minute token for `sub`). */
  makeClient(options?: { sub?: string; mintToken?: (call: number) => Promise<string | null>; client?: Partial<ApiClientOptions> }): ClientUnderTest
}

/** Runs the Node MSW mock (in-process issuer) for one test file; store and scenarios reset after each test. */
export function useApiClientHarness(): () => ApiClientHarness {
  let harness: ApiClientHarness | undefined
  let server: ReturnType<typeof setupServer> | undefined
  beforeAll(async () => {
    const mock = await createNodeMockHandlers({ warn: () => {} })
    server = setupServer(...mock.handlers)
    server.listen({ onUnhandledRequest: 'error' })
    const issuer = mock.issuer!
    harness = {
      mock,
      issuer,
      makeClient({ sub = 'user_alice', mintToken, client: overrides } = {}) {
        let calls = 0
        let unauthorized = 0
        const lines: string[] = []
        const issued: string[] = []
        const client = createApiClient({
          baseUrl: API,
          getToken: async () => {
            calls += 1
            const token = mintToken ? await mintToken(calls) : await issuer.mint({ sub })
            if (token) issued.push(token)
            return token
          },
          onUnauthorized: () => {
            unauthorized += 1
          },
          logger: (line) => void lines.push(line),
          retry: { baseDelayMs: 1 },
          ...overrides,
        })
        return { client, tokenCalls: () => calls, unauthorizedCalls: () => unauthorized, lines, issued }
      },
    }
  })
  afterEach(() => {
    harness?.mock.store.reset()
    harness?.mock.scenarios.reset()
  })
  afterAll(() => server?.close())
  return () => harness!
}
