import { createLocalJWKSet } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIssuer, HOSTILE_TOKEN_KINDS, MALFORMED_TOKENS, type Issuer, type IssuerListener } from '../../mocks/issuer/index.ts'
import { createMockTokenVerifier } from '../../mocks/msw/index.ts'
import { createTokenVerifier, type TokenVerifier } from '../../shared/auth/index.ts'
import { loadConfig } from '../../reference-server/config/load-config.ts'

let issuer: Issuer
let listener: IssuerListener
let reference: TokenVerifier
let local: TokenVerifier

beforeAll(async () => {
  issuer = await createIssuer()
  listener = await issuer.listen({ port: 0 })
  const env = { JWKS_URL: `${listener.url}/api/auth/jwks`, JWT_ISSUER: issuer.issuer, JWT_AUDIENCE: issuer.audience }
  // The reference server's own verifier, with the same keys: the yardstick the mock must match.
  reference = createTokenVerifier(loadConfig(env), createLocalJWKSet(issuer.jwks()))
  local = createMockTokenVerifier({ jwtIssuer: issuer.issuer, jwtAudience: [issuer.audience] }, issuer)
})
afterAll(() => listener.close())

const outcome = (result: Awaited<ReturnType<TokenVerifier>>) => (result.ok ? `ok:${result.userId}` : result.code)

describe("createMockTokenVerifier answers exactly as the reference server's createTokenVerifier", () => {
  it.each(HOSTILE_TOKEN_KINDS.map((k) => k.kind))('hostile token %s', async (kind) => {
    const header = `Bearer ${await issuer.mintHostile(kind, { sub: 'alice' })}`
    const expected = outcome(await reference(header))
    expect(expected).toMatch(/^AUTH_TOKEN_/)
    expect(outcome(await local(header))).toBe(expected)
  })

  it.each(MALFORMED_TOKENS.map((t) => [t.kind, t.token]))('malformed token %s', async (_kind, token) => {
    expect(outcome(await local(`Bearer ${token}`))).toBe(outcome(await reference(`Bearer ${token}`)))
  })

  it.each([undefined, '', '   ', 'Basic YWxpY2U6c2VjcmV0', 'Bearer', 'Bearer ', 'bearer x.y.z extra', 'Token abc'])('Authorization %j', async (header) => {
    expect(outcome(await local(header))).toBe(outcome(await reference(header)))
  })

  it('a valid token, with any casing of the scheme', async () => {
    const token = await issuer.mint({ sub: 'alice' })
    for (const header of [`Bearer ${token}`, `bearer ${token}`, `BEARER  ${token} `]) {
      expect([outcome(await local(header)), outcome(await reference(header))]).toEqual(['ok:alice', 'ok:alice'])
    }
  })
})

describe('createMockTokenVerifier key sources and settings', () => {
  it('refuses symmetric algorithms and none at construction', () => {
    expect(() => createMockTokenVerifier({ jwtAlgorithms: ['HS256'] }, issuer)).toThrow(/HS256/)
    expect(() => createMockTokenVerifier({ jwtAlgorithms: ['none'] }, issuer)).toThrow(/none/)
    expect(() => createMockTokenVerifier({})).toThrow(/key source/)
  })

  it('sees an in-process key rotation at once', async () => {
    const rotating = await createIssuer()
    const verify = createMockTokenVerifier({}, rotating)
    expect(outcome(await verify(`Bearer ${await rotating.mint({ sub: 'alice' })}`))).toBe('ok:alice')
    await rotating.rotate()
    expect(outcome(await verify(`Bearer ${await rotating.mint({ sub: 'alice' })}`))).toBe('ok:alice')
  })

  it('with jwksUrl, fetches the JWKS once for many tokens and at most once more for a flood of unknown kids', async () => {
    const verify = createMockTokenVerifier({ jwksUrl: `${listener.url}/api/auth/jwks`, jwtIssuer: issuer.issuer })
    issuer.resetJwksFetchCount()
    for (let i = 0; i < 20; i += 1) expect(outcome(await verify(`Bearer ${await issuer.mint({ sub: `u${i}` })}`))).toBe(`ok:u${i}`)
    for (let i = 0; i < 10; i += 1) expect(outcome(await verify(`Bearer ${await issuer.mintHostile('unknown-kid')}`))).toBe('AUTH_TOKEN_INVALID')
    expect(issuer.jwksFetchCount).toBeGreaterThanOrEqual(1)
    expect(issuer.jwksFetchCount).toBeLessThanOrEqual(2)
  })

  it('an unreachable JWKS is a 401 AUTH_TOKEN_INVALID, never an exception', async () => {
    const verify = createMockTokenVerifier({ jwksUrl: 'http://127.0.0.1:9/api/auth/jwks', jwksTimeoutMs: 500 })
    expect(outcome(await verify(`Bearer ${await issuer.mint({ sub: 'alice' })}`))).toBe('AUTH_TOKEN_INVALID')
  })
})
