import { describe, expect, it } from 'vitest'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { createIssuer, ISSUER_ALGORITHMS } from '../../mocks/issuer/index.ts'
import { strictVerify } from './strict-verify.ts'

describe('mint', () => {
  it('issues a Better-Auth-shaped EdDSA token that verifies against the JWKS', async () => {
    const issuer = await createIssuer()
    const token = await issuer.mint()
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(issuer.jwks()), {
      algorithms: ['EdDSA'],
      issuer: issuer.issuer,
      audience: issuer.audience,
    })
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: issuer.currentKid, typ: 'JWT' })
    expect(payload).toMatchObject({
      sub: 'user_alice',
      email: 'user_alice@example.test',
      iss: 'http://127.0.0.1:3000',
      aud: 'http://127.0.0.1:3000',
    })
    expect(payload.exp! - payload.iat!).toBe(900)
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5)
  })

  it('publishes an Ed25519 public key with kid, alg and use, and no private member', async () => {
    const issuer = await createIssuer()
    const [key, ...rest] = issuer.jwks().keys
    expect(rest).toEqual([])
    expect(key).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: issuer.currentKid, alg: 'EdDSA', use: 'sig' })
  })

  it.each(ISSUER_ALGORITHMS)('signs verifiable tokens with %s', async (alg) => {
    const issuer = await createIssuer({ alg })
    const token = await issuer.mint({ sub: 'user_bob' })
    expect(decodeProtectedHeader(token).alg).toBe(alg)
    const { payload } = await strictVerify(issuer, token)
    expect(payload.sub).toBe('user_bob')
    expect(payload.email).toBe('user_bob@example.test')
  })

  it('applies claims, header members, omissions and lifetime overrides', async () => {
    const issuer = await createIssuer({ baseUrl: 'https://auth.example.test/', now: () => 1_700_000_000_000 })
    const token = await issuer.mint({ sub: 'u1', role: 'admin' }, { header: { typ: 'at+jwt' }, omit: ['iat'], expiresInSeconds: 60 })
    const { payload, protectedHeader } = await strictVerify(issuer, token, { currentDate: new Date(1_700_000_000_000) })
    expect(issuer.issuer).toBe('https://auth.example.test')
    expect(protectedHeader.typ).toBe('at+jwt')
    expect(payload).toEqual({
      iss: 'https://auth.example.test',
      aud: 'https://auth.example.test',
      sub: 'u1',
      email: 'u1@example.test',
      role: 'admin',
      exp: 1_700_000_060,
    })
  })

  it('uses tokenTtlSeconds as the default lifetime', async () => {
    const issuer = await createIssuer({ tokenTtlSeconds: 120 })
    const { payload } = await strictVerify(issuer, await issuer.mint())
    expect(payload.exp! - payload.iat!).toBe(120)
  })

  it('mints HS256 tokens with a shared secret', async () => {
    const issuer = await createIssuer()
    const secret = 'better-auth-secret-at-least-32-characters'
    const token = await issuer.mintWithSecret(secret, { sub: 'user_carol' })
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      issuer: issuer.issuer,
      audience: issuer.audience,
    })
    expect(protectedHeader.alg).toBe('HS256')
    expect(payload.sub).toBe('user_carol')
    await expect(strictVerify(issuer, token)).rejects.toThrow()
  })
})
