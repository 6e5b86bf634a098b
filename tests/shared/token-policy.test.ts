import { createLocalJWKSet, errors } from 'jose'
import { describe, expect, it } from 'vitest'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { loadConfig } from '../../reference-server/config/load-config.ts'
import { createTokenVerifier, refusedAlgorithms, withPolicyDefaults } from '../../shared/auth/index.ts'

const issuer = await createIssuer({ baseUrl: 'http://issuer.test' })
const JWKS_URL = 'http://issuer.test/api/auth/jwks'

describe('the shared token policy (shared/auth)', () => {
  it("has one set of defaults: the mock's are the reference server's", () => {
    const server = loadConfig({ JWKS_URL })
    const policy = withPolicyDefaults({ jwksUrl: JWKS_URL })
    const serverPolicy = Object.fromEntries(Object.keys(policy).map((key) => [key, server[key as keyof typeof policy]]))
    expect(serverPolicy).toEqual(policy)
  })

  it('refuses symmetric algorithms and none, as loadConfig does', () => {
    expect(refusedAlgorithms(['EdDSA', 'RS256', 'HS256', 'none'])).toEqual(['HS256', 'none'])
    expect(() => loadConfig({ JWKS_URL, JWT_ALGORITHMS: 'HS256' })).toThrow(/HS256/)
  })
})

describe('createTokenVerifier parts', () => {
  const config = withPolicyDefaults({})
  const keys = () => createLocalJWKSet(issuer.jwks())

  it('requires sub by default; without it in requiredClaims, a token naming no user verifies with no user id', async () => {
    const token = await issuer.mint({}, { omit: ['sub'] })
    expect(await createTokenVerifier(config, keys())(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'claim_invalid_sub' })
    expect(await createTokenVerifier(config, keys(), { requiredClaims: ['exp'] })(`Bearer ${token}`)).toEqual({ ok: true, userId: undefined })
    const named = await issuer.mint({ sub: 'user_1' })
    expect(await createTokenVerifier(config, keys(), { requiredClaims: ['exp'] })(`Bearer ${named}`)).toEqual({ ok: true, userId: 'user_1' })
  })

  it('answers a malformed token with onMalformed, which may throw', async () => {
    const verify = createTokenVerifier(config, keys(), {
      onMalformed: (error) => {
        throw error ?? new errors.JWSInvalid('no')
      },
    })
    await expect(verify('Bearer not-a-token')).rejects.toBeInstanceOf(errors.JWSInvalid)
    expect(await createTokenVerifier(config, keys())('Bearer not-a-token')).toEqual({ ok: false, code: 'AUTH_TOKEN_MALFORMED', reason: 'token_malformed' })
  })

  it('uses the given verification step', async () => {
    const verify = createTokenVerifier(config, keys(), { verify: async () => ({ sub: 'user_step', exp: 1 }) })
    expect(await verify(`Bearer ${await issuer.mint({ sub: 'user_1' })}`)).toEqual({ ok: true, userId: 'user_step' })
  })
})
