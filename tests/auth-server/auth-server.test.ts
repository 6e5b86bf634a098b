import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { startAuthServer } from '../../web/auth-server/start-auth-server.ts'
import type { AuthServer } from '../../web/auth-server/start-auth-server.ts'
import { BetterAuthRequestError, sessionCookieHeader, signInAndGetToken, signUpAndGetToken } from '../../web/auth-server/better-auth-session.ts'

// Test-only secret: 32+ random-looking characters so Better Auth does not warn about entropy.
const SECRET = 'tck-test-secret-4f9c2e7a1b8d6e3f0a5c9b2d7e4f1a8c'
const PASSWORD = 'correct horse battery staple'
const RATE_LIMIT = { window: 60, max: 8 }

let server: AuthServer
let url: string
beforeAll(async () => {
  server = await startAuthServer({ port: 0, secret: SECRET, pgliteDataDir: 'memory://', credentialRateLimit: RATE_LIMIT })
  url = server.url
})
afterAll(() => server?.close())

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, ...headers },
    body: JSON.stringify({ email, password }),
  })

describe('Better Auth server', () => {
  let alice: { userId: string; token: string }

  it('listens on a free port of 127.0.0.1 and uses that URL as baseURL', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.baseURL).toBe(url)
  })

  it('signs a new user up and returns a JWT for the session', async () => {
    alice = await signUpAndGetToken({ baseURL: url, email: 'alice@example.test', password: PASSWORD, name: 'Alice', origin: url })
    expect(alice.userId).toMatch(/\S/)
    expect(alice.token.split('.')).toHaveLength(3)
  })

  it('issues an EdDSA JWT that verifies against the remote JWKS with sub, email and a 15-minute lifetime', async () => {
    const jwks = createRemoteJWKSet(new URL(`${url}/api/auth/jwks`))
    const { payload, protectedHeader } = await jwtVerify(alice.token, jwks, { issuer: url, audience: url, algorithms: ['EdDSA'] })
    expect(protectedHeader.alg).toBe('EdDSA')
    expect(protectedHeader.kid).toEqual(expect.any(String))
    expect(payload.sub).toBe(alice.userId)
    expect(payload.email).toBe('alice@example.test')
    expect(payload.exp! - payload.iat!).toBe(900)
    // definePayload keeps the token small: no copy of the user row (name, image, timestamps).
    expect(Object.keys(payload).sort()).toEqual(['aud', 'email', 'exp', 'iat', 'iss', 'sub'])
  })

  it('publishes only public Ed25519 keys at /api/auth/jwks', async () => {
    const res = await fetch(`${url}/api/auth/jwks`)
    expect(res.status).toBe(200)
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] }
    expect(keys.length).toBeGreaterThan(0)
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: expect.any(String) })
      expect(key).not.toHaveProperty('d')
    }
    expect(keys.map((k) => k.kid)).toContain(decodeProtectedHeader(alice.token).kid)
  })

  it('signs an existing user in and issues a token for the same user', async () => {
    const again = await signInAndGetToken({ baseURL: url, email: 'alice@example.test', password: PASSWORD })
    expect(again.userId).toBe(alice.userId)
    const jwks = createRemoteJWKSet(new URL(`${url}/api/auth/jwks`))
    const { payload } = await jwtVerify(again.token, jwks, { issuer: url, audience: url, algorithms: ['EdDSA'] })
    expect(payload.sub).toBe(alice.userId)
  })

  it('answers a wrong password and an unknown email identically (no account-existence leak)', async () => {
    const wrongPassword = await signIn('alice@example.test', 'not the password at all')
    const unknownEmail = await signIn('nobody@example.test', 'not the password at all')
    expect(wrongPassword.status).toBe(401)
    expect(unknownEmail.status).toBe(wrongPassword.status)
    const [a, b] = [await wrongPassword.json(), await unknownEmail.json()]
    expect(a).toEqual(b)
    expect(a).toMatchObject({ code: 'INVALID_EMAIL_OR_PASSWORD' })
    expect(wrongPassword.headers.getSetCookie()).toEqual([])
  })

  it('reports a failed sign-in as BetterAuthRequestError without echoing the password', async () => {
    const error = await signInAndGetToken({ baseURL: url, email: 'alice@example.test', password: 'wrong-password-123' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BetterAuthRequestError)
    expect(error).toMatchObject({ status: 401, code: 'INVALID_EMAIL_OR_PASSWORD' })
    expect(String((error as Error).message)).not.toContain('wrong-password-123')
  })

  it('marks the token response as not cacheable', async () => {
    const signUp = await fetch(`${url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email: 'dave@example.test', password: PASSWORD, name: 'Dave' }),
    })
    expect(signUp.status).toBe(200)
    expect(signUp.headers.get('cache-control')).toBe('no-store')
    const cookie = sessionCookieHeader(signUp.headers.getSetCookie())
    expect(cookie).toMatch(/session_token=/)
    const res = await fetch(`${url}/api/auth/token`, { headers: { cookie, origin: url } })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({ token: expect.any(String) })
  })

  it('refuses /api/auth/token without a session cookie', async () => {
    const res = await fetch(`${url}/api/auth/token`, { headers: { origin: url } })
    expect(res.status).toBe(401)
  })

  it('refuses a server-side sign-in without an Origin header (Node fetch sends sec-fetch-mode)', async () => {
    const res = await fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@example.test', password: PASSWORD }),
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'MISSING_OR_NULL_ORIGIN' })
  })

  it('rejects a cookie-less POST from an untrusted Origin', async () => {
    const res = await fetch(`${url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: 'mallory@example.test', password: PASSWORD, name: 'Mallory' }),
    })
    expect(res.status).toBe(403)
  })

  it('answers 404 JSON outside /api/auth', async () => {
    const res = await fetch(`${url}/health`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ detail: 'Not found' })
  })

  // Last in the file: it leaves this client's sign-in bucket exhausted for the rest of the window.
  it('answers 429 once rapid failed sign-ins exceed the limit, and a spoofed X-Forwarded-For does not reset it', async () => {
    const statuses: number[] = []
    for (let i = 0; i <= RATE_LIMIT.max; i++) statuses.push((await signIn('alice@example.test', `guess-${i}-xxxxxxxx`)).status)
    // Earlier tests used part of the budget, so the first 429 may come sooner, but it must come.
    const first429 = statuses.indexOf(429)
    expect(first429).toBeGreaterThan(0)
    expect(statuses.slice(0, first429).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(first429).every((s) => s === 429)).toBe(true)

    const limited = await signIn('alice@example.test', PASSWORD, { 'x-forwarded-for': '203.0.113.7', 'x-tck-client-ip': '203.0.113.8' })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('x-retry-after'))).toBeGreaterThan(0)
    expect(await limited.json()).toEqual({ message: expect.any(String) })
  })
})

describe('sessionCookieHeader', () => {
  it('keeps name=value pairs and drops attributes and deletions', () => {
    expect(
      sessionCookieHeader([
        'better-auth.session_token=abc.def; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax',
        'better-auth.dont_remember=; Max-Age=0; Path=/',
        'other=1; max-age=0',
        '__Secure-x=y; Secure',
      ]),
    ).toBe('better-auth.session_token=abc.def; __Secure-x=y')
    expect(sessionCookieHeader([])).toBe('')
  })
})
