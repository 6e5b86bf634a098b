/** Account credentials for {@link signInAndGetToken}. */
export interface SignInRequest {
  /** Better Auth server origin, e.g. `http://127.0.0.1:3000` (endpoints are under `/api/auth`). */
  baseURL: string
  email: string
  password: string
  /** `Origin` header sent with every call; must be a trusted origin. Default `baseURL`'s origin. */
  origin?: string
  /** Per-request timeout in milliseconds. Default 10 000. */
  timeoutMs?: number
}

/** A new account for {@link signUpAndGetToken}. */
export interface SignUpRequest extends SignInRequest {
  /** Display name (Better Auth requires one). */
  name: string
}

/** A signed-in user and a JWT from `/api/auth/token` (valid 15 minutes by default). */
export interface SessionToken {
  userId: string
  token: string
}

/**
 * A Better Auth call that did not succeed. The message names the endpoint, status and Better Auth's
 * error code, never the password, cookie or token.
 */
export class BetterAuthRequestError extends Error {
  override readonly name = 'BetterAuthRequestError'
  constructor(
    readonly endpoint: string,
    /** HTTP status, or 0 when no usable response arrived. */
    readonly status: number,
    /** Better Auth's `code` (e.g. `INVALID_EMAIL_OR_PASSWORD`), when the body had one. */
    readonly code?: string,
  ) {
    super(`Better Auth ${endpoint} failed: ${status === 0 ? 'no usable response' : `HTTP ${status}`}${code ? ` ${code}` : ''}`)
  }
}

const DEFAULT_TIMEOUT_MS = 10_000

/** Creates an account (`POST /api/auth/sign-up/email`), then exchanges its session for a JWT. */
export async function signUpAndGetToken(request: SignUpRequest): Promise<SessionToken> {
  const body = { email: request.email, password: request.password, name: request.name }
  return credentialsToToken(request, '/sign-up/email', body)
}

/** Signs an existing account in (`POST /api/auth/sign-in/email`), then exchanges its session for a JWT. */
export async function signInAndGetToken(request: SignInRequest): Promise<SessionToken> {
  return credentialsToToken(request, '/sign-in/email', { email: request.email, password: request.password })
}

async function credentialsToToken(request: SignInRequest, endpoint: string, body: unknown): Promise<SessionToken> {
  const base = `${request.baseURL.replace(/\/+$/, '')}/api/auth`
  // Node's fetch sends `sec-fetch-mode`, which makes Better Auth demand a trusted Origin (CSRF check).
  const origin = request.origin ?? new URL(request.baseURL).origin
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS

  const signedIn = await fetch(base + endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const account = await readJson(signedIn, endpoint)
  const userId = (account as { user?: { id?: unknown } } | undefined)?.user?.id
  const cookie = sessionCookieHeader(signedIn.headers.getSetCookie())
  // No cookie means no session, e.g. when the server requires email verification first.
  if (typeof userId !== 'string' || !cookie) throw new BetterAuthRequestError(endpoint, signedIn.status)

  const tokenResponse = await fetch(`${base}/token`, {
    headers: { cookie, origin },
    signal: AbortSignal.timeout(timeoutMs),
  })
  const { token } = ((await readJson(tokenResponse, '/token')) ?? {}) as { token?: unknown }
  if (typeof token !== 'string' || token === '') throw new BetterAuthRequestError('/token', tokenResponse.status)
  return { userId, token }
}

/**
 * Turns `Set-Cookie` lines into a `Cookie` header value: every `name=value` that is set (deletions,
 * i.e. empty values or `Max-Age=0`, are dropped), so the session cookie is forwarded whatever its
 * name (`better-auth.session_token`, or its `__Secure-` form on https). Empty string when none is set.
 */
export function sessionCookieHeader(setCookies: readonly string[]): string {
  return setCookies
    .filter((line) => !/;\s*max-age=0\s*(;|$)/i.test(line))
    .map((line) => line.split(';', 1)[0]!.trim())
    .filter((pair) => /^[^=]+=./.test(pair))
    .join('; ')
}

async function readJson(response: Response, endpoint: string): Promise<unknown> {
  const body: unknown = await response.json().catch(() => undefined)
  if (!response.ok) {
    const code = (body as { code?: unknown } | undefined)?.code
    throw new BetterAuthRequestError(endpoint, response.status, typeof code === 'string' ? code : undefined)
  }
  return body
}
