import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import type { Issuer } from '../../../mocks/issuer/issuer-types.ts'
import type { Scenarios } from '../../../mocks/msw/universal.ts'
import { AUTH_ERRORS, type AuthErrorCode, type MockAuth } from './mock-auth.ts'

/** Options of {@link createMockAuthHandlers}. */
export interface MockAuthHandlersOptions {
  /** The accounts and the session. */
  auth: MockAuth
  /** Signs the JWTs of `GET /token` and serves `GET /jwks`. */
  issuer: Issuer
  /** Origin of the app; the handlers answer `<origin>/api/auth/*`. */
  origin: string
  /** When given, `offline` and `latencyMs` apply to sign-in too (an offline app cannot sign in). */
  scenarios?: Scenarios
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

/**
 * MSW handlers standing in for Better Auth (email + password, JWT plugin) at `/api/auth/*`, with
 * the response shapes `better-auth/client` expects: `sign-up/email`, `sign-in/email`,
 * `get-session` (`{session, user}` or `null`), `sign-out`, `token` (`{token}`, 401 without a
 * session) and `jwks`. Errors are Better Auth's `{ code, message }` bodies.
 */
export function createMockAuthHandlers(options: MockAuthHandlersOptions): { handlers: HttpHandler[]; controls: MockAuthControls } {
  const { auth, issuer, scenarios } = options
  const base = `${options.origin.replace(/\/+$/, '')}/api/auth`
  let ttl = options.tokenTtlSeconds ?? 900
  let tokenRequests = 0

  const network = async (): Promise<Response | undefined> => {
    const settings = scenarios?.get()
    if (settings?.offline) return HttpResponse.error()
    if (settings && settings.latencyMs > 0) await delay(settings.latencyMs)
    return undefined
  }
  const failure = (code: AuthErrorCode) =>
    HttpResponse.json({ code, message: AUTH_ERRORS[code].message }, { status: AUTH_ERRORS[code].status })
  const bodyOf = async (request: Request): Promise<Record<string, unknown>> => {
    const body: unknown = await request.json().catch(() => ({}))
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  }

  const handlers: HttpHandler[] = [
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
