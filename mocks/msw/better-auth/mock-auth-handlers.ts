import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import type { MockParts } from '../create-mock-handlers.ts'
import { AUTH_ERRORS, type AuthErrorCode, type MockAuth } from './mock-auth.ts'

/** Options of {@link createMockAuthHandlers}. */
export interface MockAuthHandlersOptions {
  /** The accounts and the session. */
  auth: MockAuth
  /** Origin of the app; the handlers answer `<origin>/api/auth/*`. */
  origin: string
  /** Lifetime of the JWTs of `GET /token`. Default 900 (Better Auth's 15 minutes). */
  tokenTtlSeconds?: number
}

/** What a test (or Playwright, through `window.tckMock.auth`) can steer. */
export interface MockAuthControls {
  /** Ends the session on the "server": the next `token()` answers 401, `get-session` null. */
  revokeSessions(): void
  /** Lifetime of the JWTs minted from now on. */
  setTokenTtlSeconds(seconds: number): void
  /** How many `GET /api/auth/token` requests were answered (any status). */
  tokenRequests(): number
}

// Token responses must not be cached by anything in between (RFC 6749 section 5.1).
const NO_STORE = { 'cache-control': 'no-store' }

/** Mock Better Auth: its controls, and its handlers for a mock's parts. */
export interface MockAuthHandlers {
  controls: MockAuthControls
  /**
   * The handlers, signing with the mock's issuer and obeying its `offline` and `latencyMs`
   * scenarios (an offline app cannot sign in): a `before` function for `createMockHandlers`.
   */
  handlers(mock: MockParts): HttpHandler[]
}

/**
 * MSW handlers standing in for Better Auth (email + password, JWT plugin) at `/api/auth/*`, with
 * the response shapes `better-auth/client` expects: `sign-up/email`, `sign-in/email`,
 * `get-session` (`{session, user}` or `null`), `sign-out`, `token` (`{token}`, 401 without a
 * session) and `jwks`. Errors are Better Auth's `{ code, message }` bodies.
 */
export function createMockAuthHandlers(options: MockAuthHandlersOptions): MockAuthHandlers {
  const { auth } = options
  const base = `${options.origin.replace(/\/+$/, '')}/api/auth`
  let ttl = options.tokenTtlSeconds ?? 900
  let tokenRequests = 0

  const handlers = ({ issuer, scenarios }: MockParts): HttpHandler[] => {
    if (!issuer) throw new Error("Mock Better Auth signs with the mock's own issuer: give no jwksUrl or verifier")
    /** A network error while `offline`, after `latencyMs`; `undefined` to go on. */
    const network = async (): Promise<Response | undefined> => {
      const settings = scenarios.get()
      if (settings.offline) return HttpResponse.error()
      if (settings.latencyMs > 0) await delay(settings.latencyMs)
      return undefined
    }
    return [
      http.post(`${base}/sign-up/email`, async ({ request }) => {
        const down = await network()
        if (down) return down
        const result = await auth.signUp(await bodyOf(request))
        if (!result.ok) return failure(result.code)
        return HttpResponse.json({ token: result.value.session.token, user: result.value.user })
      }),
      http.post(`${base}/sign-in/email`, async ({ request }) => {
        const down = await network()
        if (down) return down
        const result = await auth.signIn(await bodyOf(request))
        if (!result.ok) return failure(result.code)
        return HttpResponse.json({ redirect: false, token: result.value.session.token, user: result.value.user })
      }),
      http.get(`${base}/get-session`, async () => (await network()) ?? HttpResponse.json(auth.current(), { headers: NO_STORE })),
      http.post(`${base}/sign-out`, async () => {
        const down = await network()
        if (down) return down
        auth.endSession()
        return HttpResponse.json({ success: true })
      }),
      http.get(`${base}/token`, async () => {
        const down = await network()
        if (down) return down
        tokenRequests += 1
        const current = auth.current()
        if (!current) return failure('UNAUTHORIZED')
        const token = await issuer.mint({ sub: current.user.id, email: current.user.email }, { expiresInSeconds: ttl })
        return HttpResponse.json({ token }, { headers: NO_STORE })
      }),
      http.get(`${base}/jwks`, async () => {
        const down = await network()
        if (down) return down
        issuer.recordJwksFetch()
        return HttpResponse.json(issuer.jwks(), { headers: { 'cache-control': 'public, max-age=300' } })
      }),
    ]
  }

  return {
    handlers,
    controls: {
      revokeSessions: () => auth.endSession(),
      setTokenTtlSeconds(seconds) {
        if (!(Number.isInteger(seconds) && seconds >= 1)) throw new RangeError('setTokenTtlSeconds: a whole number of seconds, at least 1')
        ttl = seconds
      },
      tokenRequests: () => tokenRequests,
    },
  }
}

/** Better Auth's error body for `code`, with its status. */
function failure(code: AuthErrorCode): Response {
  return HttpResponse.json({ code, message: AUTH_ERRORS[code].message }, { status: AUTH_ERRORS[code].status })
}

/** The JSON object body of `request`; `{}` for anything else (Better Auth then names the missing field). */
async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  const body: unknown = await request.json().catch(() => ({}))
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}
