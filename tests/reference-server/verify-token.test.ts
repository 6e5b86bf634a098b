import { describe, expect, it } from 'vitest'
import { CompactSign, createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { createIssuer, KeyStore } from '../../mocks/issuer/index.ts'
import { createTokenVerifier } from '../../shared/auth/verify-token.ts'
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
    expect(await verifierFor({ JWT_ISSUER: 'http://issuer.test', JWT_AUDIENCE: 'http://issuer.test' })(`Bearer ${token}`)).toEqual({
      ok: false,
      code: 'AUTH_TOKEN_INVALID',
      reason: 'claim_invalid_exp',
    })
  })

  it('refuses non-finite nbf and iat too', async () => {
    const store = await KeyStore.open({})
    const key = store.current
    const now = Math.floor(Date.now() / 1000)
    const signed = (payload: string) =>
      new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: key.alg, kid: key.kid }).sign(key.privateKey)
    const verify = verifierFor({}, store.publicJwks())
    expect(await verify(`Bearer ${await signed(`{"sub":"u","exp":${now + 60},"nbf":-1e400}`)}`)).toMatchObject({ ok: false, reason: 'claim_invalid_nbf' })
    expect(await verify(`Bearer ${await signed(`{"sub":"u","exp":${now + 60},"iat":1e400}`)}`)).toMatchObject({ ok: false, reason: 'claim_invalid_iat' })
    expect(await verify(`Bearer ${await signed(`{"sub":"u","exp":${now + 60},"iat":${now}}`)}`)).toMatchObject({ ok: true })
  })

  it('refuses a sub longer than a path user id can be', async () => {
    const token = await issuer.mint({ sub: 'u'.repeat(256) })
    expect(await verifierFor({})(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'claim_invalid_sub' })
  })

  it('refuses a sub the database cannot hold: U+0000, a lone surrogate, 256 characters (F4)', async () => {
    const verify = verifierFor({})
    for (const sub of ['alice\u0000', '\u0000', 'a\ud800b', 'a\udc00', '\ud83d', '\u{1F600}'.repeat(256)]) {
      expect(await verify(`Bearer ${await issuer.mint({ sub })}`)).toEqual({ ok: false, code: 'AUTH_TOKEN_INVALID', reason: 'claim_invalid_sub' })
    }
    // Counted in characters, as the database counts: 255 emoji (510 UTF-16 units) is a user id; a pair is no lone surrogate.
    for (const sub of ['\u{1F600}'.repeat(255), 'a\u{1F600}b', 'u'.repeat(255)]) {
      expect(await verify(`Bearer ${await issuer.mint({ sub })}`)).toEqual({ ok: true, userId: sub })
    }
  })
})

/** The token with `segment` (0 header, 1 payload, 2 signature) changed by `change`. */
const withSegment = (token: string, segment: number, change: (s: string) => string) =>
  token
    .split('.')
    .map((s, i) => (i === segment ? change(s) : s))
    .join('.')

/** Flips the lowest unused bit of a segment's last base64url letter: the decoded bytes stay the same. */
function flipUnusedBits(segment: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  if (segment.length % 4 === 0) throw new Error('no unused bits in a segment of a multiple of 4 letters')
  return segment.slice(0, -1) + alphabet[alphabet.indexOf(segment.at(-1)!) ^ 1]!
}

describe('canonical base64url (F15)', () => {
  const verify = verifierFor({})

  it('refuses padding and flipped unused bits in any segment as malformed, before the signature', async () => {
    const token = await issuer.mint({ sub: 'user_1' })
    // The premise: jose alone takes these spellings of the signature (they decode to the same bytes).
    const keys = createLocalJWKSet(issuer.jwks())
    await expect(jwtVerify(`${token}==`, keys, { algorithms: ['EdDSA'] })).resolves.toBeDefined()
    await expect(jwtVerify(withSegment(token, 2, flipUnusedBits), keys, { algorithms: ['EdDSA'] })).resolves.toBeDefined()
    const variants = [
      `${token}==`,
      `${token}=`,
      withSegment(token, 2, flipUnusedBits),
      withSegment(token, 0, (s) => `${s}=`),
      withSegment(token, 1, (s) => `${s}==`),
      ...token
        .split('.')
        .slice(0, 2)
        .flatMap((s, i) => (s.length % 4 === 0 ? [] : [withSegment(token, i, flipUnusedBits)])),
      // base64 letters for base64url ones: only a signature that has a `-` or `_` can be spelled so.
      ...(/[-_]/.test(token.split('.')[2]!) ? [withSegment(token, 2, (s) => s.replace(/-/g, '+').replace(/_/g, '/'))] : []),
      withSegment(token, 2, (s) => `${s}AAA`),
    ]
    for (const variant of variants) {
      expect(variant).not.toBe(token)
      expect(await verify(`Bearer ${variant}`)).toEqual({ ok: false, code: 'AUTH_TOKEN_MALFORMED', reason: 'token_malformed' })
    }
    expect(await verify(`Bearer ${token}`)).toEqual({ ok: true, userId: 'user_1' })
  })
})
