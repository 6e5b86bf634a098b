import { describe, expect, it } from 'vitest'
import { CompactSign, createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { createIssuer, KeyStore } from '../../mocks/issuer/index.ts'
import { createTokenVerifier } from '../../reference-server/auth/verify-token.ts'
import { loadConfig } from '../../reference-server/config/load-config.ts'

const issuer = await createIssuer({ baseUrl: 'http://issuer.test' })
const verifierFor = (env: Record<string, string>, keys = issuer.jwks()) =>
  createTokenVerifier(loadConfig({ JWKS_URL: 'http://issuer.test/api/auth/jwks', ...env }), createLocalJWKSet(keys))

describe('createTokenVerifier', () => {
  it('returns the sub of a valid token', async () => {
    const verify = verifierFor({ JWT_ISSUER: 'http://issuer.test', JWT_AUDIENCE: 'http://issuer.test' })
    expect(await verify(`Bearer ${await issuer.mint({ sub: 'user_1' })}`)).toEqual({ ok: true, userId: 'user_1' })
  })

  it('takes the scheme case-insensitively (RFC 9110 section 11.1)', async () => {
    const verify = verifierFor({})
    expect(await verify(`bearer ${await issuer.mint({ sub: 'user_1' })}`)).toMatchObject({ ok: true })
  })

  it('checks iss and aud only when configured', async () => {
    const token = await issuer.mint({ sub: 'user_1', iss: 'http://other', aud: 'other' })
    expect(await verifierFor({})(`Bearer ${token}`)).toMatchObject({ ok: true })
    expect(await verifierFor({ JWT_ISSUER: 'http://issuer.test' })(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'claim_invalid_iss' })
    expect(await verifierFor({ JWT_AUDIENCE: 'http://issuer.test' })(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'claim_invalid_aud' })
  })

  it('accepts any of several configured audiences', async () => {
    const token = await issuer.mint({ sub: 'user_1', aud: 'api' })
    expect(await verifierFor({ JWT_AUDIENCE: 'http://issuer.test,api' })(`Bearer ${token}`)).toMatchObject({ ok: true })
  })

  it('refuses a correctly signed token whose algorithm is not pinned', async () => {
    const es256 = await createIssuer({ alg: 'ES256', baseUrl: 'http://issuer.test' })
    const token = await es256.mint({ sub: 'user_1' })
    expect(await verifierFor({}, es256.jwks())(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'alg_not_allowed' })
    expect(await verifierFor({ JWT_ALGORITHMS: 'EdDSA,ES256' }, es256.jwks())(`Bearer ${token}`)).toMatchObject({ ok: true })
  })

  it('tolerates 5 seconds of clock skew by default, not more', async () => {
    const now = Math.floor(Date.now() / 1000)
    const justExpired = await issuer.mint({ sub: 'u', iat: now - 900, exp: now - 2 })
    const longExpired = await issuer.mint({ sub: 'u', iat: now - 900, exp: now - 30 })
    expect(await verifierFor({})(`Bearer ${justExpired}`)).toMatchObject({ ok: true })
    expect(await verifierFor({})(`Bearer ${longExpired}`)).toMatchObject({ ok: false, code: 'AUTH_TOKEN_EXPIRED', reason: 'token_expired' })
  })

  it('names the reason of each refusal without any token content', async () => {
    const verify = verifierFor({ JWT_ISSUER: 'http://issuer.test', JWT_AUDIENCE: 'http://issuer.test' })
    const reasons = new Map<string, string>()
    for (const kind of ['not-yet-valid', 'signature-corrupted', 'unknown-kid', 'hs256-key-confusion', 'alg-none-lower', 'unknown-crit'] as const) {
      const result = await verify(`Bearer ${await issuer.mintHostile(kind, { sub: 'user_1' })}`)
      expect(result.ok).toBe(false)
      if (!result.ok) reasons.set(kind, result.reason)
    }
    expect(Object.fromEntries(reasons)).toEqual({
      'not-yet-valid': 'token_not_yet_valid',
      'signature-corrupted': 'signature_invalid',
      'unknown-kid': 'key_unknown',
      'hs256-key-confusion': 'alg_not_allowed',
      'alg-none-lower': 'alg_not_allowed',
      'unknown-crit': 'header_unsupported',
    })
  })

  it('refuses an exp of 1e400, which jose alone reads as Infinity and accepts forever', async () => {
    const token = await issuer.mintHostile('infinite-expiry', { sub: 'user_1' })
    expect(decodeJwt(token).exp).toBe(Infinity)
    // The reason for the check: jose's own verification takes the token.
    await expect(jwtVerify(token, createLocalJWKSet(issuer.jwks()), { algorithms: ['EdDSA'] })).resolves.toBeDefined()
    expect(await verifierFor({ JWT_ISSUER: 'http://issuer.test', JWT_AUDIENCE: 'http://issuer.test' })(`Bearer ${token}`))
      .toEqual({ ok: false, code: 'AUTH_TOKEN_INVALID', reason: 'claim_invalid_exp' })
  })

  it('refuses non-finite nbf and iat too', async () => {
    const store = await KeyStore.open({})
    const key = store.current
    const now = Math.floor(Date.now() / 1000)
    const signed = (payload: string) => new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: key.alg, kid: key.kid }).sign(key.privateKey)
    const verify = verifierFor({}, store.publicJwks())
    expect(await verify(`Bearer ${await signed(`{"sub":"u","exp":${now + 60},"nbf":-1e400}`)}`)).toMatchObject({ ok: false, reason: 'claim_invalid_nbf' })
    expect(await verify(`Bearer ${await signed(`{"sub":"u","exp":${now + 60},"iat":1e400}`)}`)).toMatchObject({ ok: false, reason: 'claim_invalid_iat' })
    expect(await verify(`Bearer ${await signed(`{"sub":"u","exp":${now + 60},"iat":${now}}`)}`)).toMatchObject({ ok: true })
  })

  it('refuses a sub longer than a path user id can be', async () => {
    const token = await issuer.mint({ sub: 'u'.repeat(256) })
    expect(await verifierFor({})(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'claim_invalid_sub' })
  })
})
