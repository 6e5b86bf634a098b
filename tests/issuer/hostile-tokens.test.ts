import { beforeAll, describe, expect, it } from 'vitest'
import { base64url, decodeJwt, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from 'jose'
import { createIssuer, HOSTILE_TOKEN_KINDS, ISSUER_ALGORITHMS, MALFORMED_TOKENS, publicKeyPem } from '../../mocks/issuer/index.ts'
import type { HostileTokenKind, Issuer } from '../../mocks/issuer/index.ts'
import { strictVerify } from './strict-verify.ts'

const LISTENER = 'http://127.0.0.1:4567/'
const kinds = HOSTILE_TOKEN_KINDS.map((k) => k.kind)
const nowSeconds = () => Math.floor(Date.now() / 1000)
const segments = (token: string) => token.split('.')
const kidsOf = (issuer: Issuer) => issuer.jwks().keys.map((k) => k.kid)

/** jose's rejection code per kind: each token must fail for its own fault, not an incidental one. */
const EXPECTED_ERROR: Record<HostileTokenKind, { code: string; claim?: string }> = {
  expired: { code: 'ERR_JWT_EXPIRED', claim: 'exp' },
  'expired-recently': { code: 'ERR_JWT_EXPIRED', claim: 'exp' },
  'infinite-expiry': { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'exp' },
  'not-yet-valid': { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nbf' },
  'wrong-issuer': { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' },
  'missing-issuer': { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' },
  'wrong-audience': { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' },
  'missing-audience': { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' },
  'missing-subject': { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'sub' },
  'missing-expiry': { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'exp' },
  'alg-none-lower': { code: 'ERR_JOSE_ALG_NOT_ALLOWED' },
  'alg-none-title': { code: 'ERR_JOSE_ALG_NOT_ALLOWED' },
  'alg-none-upper': { code: 'ERR_JOSE_ALG_NOT_ALLOWED' },
  'alg-none-mixed': { code: 'ERR_JOSE_ALG_NOT_ALLOWED' },
  'signature-stripped': { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' },
  'signature-corrupted': { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' },
  'hs256-key-confusion': { code: 'ERR_JOSE_ALG_NOT_ALLOWED' },
  'foreign-key': { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' },
  'unknown-kid': { code: 'ERR_JWKS_NO_MATCHING_KEY' },
  'embedded-jwk': { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' },
  'jku-header': { code: 'ERR_JWKS_NO_MATCHING_KEY' },
  'x5u-header': { code: 'ERR_JWKS_NO_MATCHING_KEY' },
  'unknown-crit': { code: 'ERR_JOSE_NOT_SUPPORTED' },
}

/**
 * Control per kind: the token carries exactly its fault, and (where a verifier can be relaxed)
 * passes once that single check is lifted — so the rest of the token is valid.
 */
const FAULT_PRESENT: Record<HostileTokenKind, (issuer: Issuer, token: string) => Promise<unknown> | void> = {
  expired: (issuer, token) => {
    const { exp } = decodeJwt(token)
    // 5 minutes ago: no leeway of seconds excuses it.
    expect(exp).toBeGreaterThanOrEqual(nowSeconds() - 301)
    expect(exp).toBeLessThanOrEqual(nowSeconds() - 299)
    return strictVerify(issuer, token, { currentDate: new Date((exp! - 60) * 1000) })
  },
  'expired-recently': (issuer, token) => {
    const { exp } = decodeJwt(token)
    expect(exp).toBeGreaterThanOrEqual(nowSeconds() - 91)
    expect(exp).toBeLessThanOrEqual(nowSeconds() - 89)
    // Accepted by a verifier with a leeway of 2 minutes: exactly the fault this kind exposes.
    return strictVerify(issuer, token, { clockTolerance: 120 })
  },
  'infinite-expiry': (issuer, token) => {
    expect(new TextDecoder().decode(base64url.decode(segments(token)[1]!))).toMatch(/"exp":1e400}$/)
    expect(decodeJwt(token).exp).toBe(Infinity)
    // jose alone takes it: only the finiteness check refuses it.
    return strictVerify(issuer, token, {}, { finiteTimes: false })
  },
  'not-yet-valid': (issuer, token) => {
    const { nbf, iat } = decodeJwt(token)
    expect(nbf).toBeGreaterThan(nowSeconds() + 3000)
    expect(iat).toBe(nbf)
    return strictVerify(issuer, token, { currentDate: new Date(nbf! * 1000) })
  },
  'wrong-issuer': (issuer, token) => {
    expect(decodeJwt(token).iss).not.toBe(issuer.issuer)
    return strictVerify(issuer, token, { issuer: undefined })
  },
  'missing-issuer': (issuer, token) => {
    expect(decodeJwt(token)).not.toHaveProperty('iss')
    return strictVerify(issuer, token, { issuer: undefined })
  },
  'wrong-audience': (issuer, token) => {
    expect(decodeJwt(token).aud).not.toBe(issuer.audience)
    return strictVerify(issuer, token, { audience: undefined })
  },
  'missing-audience': (issuer, token) => {
    expect(decodeJwt(token)).not.toHaveProperty('aud')
    return strictVerify(issuer, token, { audience: undefined })
  },
  'missing-subject': (issuer, token) => {
    expect(decodeJwt(token)).not.toHaveProperty('sub')
    return strictVerify(issuer, token, { requiredClaims: ['exp'] })
  },
  'missing-expiry': (issuer, token) => {
    expect(decodeJwt(token)).not.toHaveProperty('exp')
    return strictVerify(issuer, token, { requiredClaims: ['sub'] })
  },
  'alg-none-lower': (issuer, token) => expectUnsecured(issuer, token, 'none'),
  'alg-none-title': (issuer, token) => expectUnsecured(issuer, token, 'None'),
  'alg-none-upper': (issuer, token) => expectUnsecured(issuer, token, 'NONE'),
  'alg-none-mixed': (issuer, token) => expectUnsecured(issuer, token, 'nOnE'),
  'signature-stripped': (issuer, token) => {
    expect(token.endsWith('.')).toBe(true)
    expect(decodeProtectedHeader(token)).toEqual({ alg: issuer.alg, kid: issuer.currentKid, typ: 'JWT' })
    expect(decodeJwt(token)).toMatchObject({ iss: issuer.issuer, aud: issuer.audience, sub: 'user_alice' })
  },
  'signature-corrupted': (issuer, token) => {
    const signature = segments(token)[2]!
    expect(signature).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(base64url.encode(base64url.decode(signature))).toBe(signature)
    expect(decodeProtectedHeader(token).kid).toBe(issuer.currentKid)
  },
  'hs256-key-confusion': (issuer, token) => {
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', kid: issuer.currentKid })
    const pem = publicKeyPem(issuer.jwks().keys[0]!)
    expect(pem).toContain('-----BEGIN PUBLIC KEY-----')
    return jwtVerify(token, new TextEncoder().encode(pem), { algorithms: ['HS256'], issuer: issuer.issuer, audience: issuer.audience })
  },
  'foreign-key': (issuer, token) => {
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: issuer.alg, kid: issuer.currentKid })
  },
  'unknown-kid': (issuer, token) => {
    const { kid } = decodeProtectedHeader(token)
    expect(kid).toEqual(expect.any(String))
    expect(kidsOf(issuer)).not.toContain(kid)
  },
  'embedded-jwk': async (issuer, token) => {
    const header = decodeProtectedHeader(token)
    expect(header.jwk).toBeDefined()
    expect(header).not.toHaveProperty('kid')
    expect(header.jwk).not.toEqual(expect.objectContaining({ x: issuer.jwks().keys[0]!.x }))
    // A verifier that trusts the embedded key accepts it: a genuine attacker-signed token.
    await jwtVerify(token, EmbeddedJWK, { algorithms: [issuer.alg], issuer: issuer.issuer, audience: issuer.audience })
  },
  'jku-header': (issuer, token) => {
    const header = decodeProtectedHeader(token)
    expect(header.jku).toBe('http://127.0.0.1:4567/jwks.json')
    expect(kidsOf(issuer)).not.toContain(header.kid)
  },
  'x5u-header': (issuer, token) => {
    const header = decodeProtectedHeader(token)
    expect(header.x5u).toBe('http://127.0.0.1:4567/cert.pem')
    expect(kidsOf(issuer)).not.toContain(header.kid)
  },
  'unknown-crit': (issuer, token) => {
    expect(decodeProtectedHeader(token)).toMatchObject({ crit: ['urn:tck:unknown'], 'urn:tck:unknown': true, kid: issuer.currentKid })
    // Signed by the real key: only the unrecognised critical extension makes it invalid.
    return strictVerify(issuer, token, { crit: { 'urn:tck:unknown': true } })
  },
}

function expectUnsecured(issuer: Issuer, token: string, alg: string): void {
  expect(decodeProtectedHeader(token)).toEqual({ alg, typ: 'JWT' })
  expect(segments(token)).toHaveLength(3)
  expect(segments(token)[2]).toBe('')
  expect(decodeJwt(token)).toMatchObject({ iss: issuer.issuer, aud: issuer.audience, sub: 'user_alice' })
}

it('lists each hostile kind once, in kebab-case, with a description', () => {
  expect(new Set(kinds).size).toBe(kinds.length)
  for (const { kind, description } of HOSTILE_TOKEN_KINDS) {
    expect(kind).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    expect(description.length).toBeGreaterThan(10)
  }
})

describe.each(ISSUER_ALGORITHMS)('hostile tokens from a %s issuer', (alg) => {
  let issuer: Issuer
  beforeAll(async () => {
    issuer = await createIssuer({ alg })
  })

  it.each(kinds)('%s is rejected by strict verification for its own fault', async (kind) => {
    const token = await issuer.mintHostile(kind, { listenerUrl: LISTENER })
    await expect(strictVerify(issuer, token)).rejects.toMatchObject(EXPECTED_ERROR[kind])
  })

  it.each(kinds)('%s differs from a valid token only in its fault', async (kind) => {
    const token = await issuer.mintHostile(kind, { listenerUrl: LISTENER })
    await FAULT_PRESENT[kind](issuer, token)
  })

  it('a valid token from the same issuer passes the same strict verification', async () => {
    await expect(strictVerify(issuer, await issuer.mint())).resolves.toBeDefined()
  })
})

describe('malformed tokens', () => {
  it.each(MALFORMED_TOKENS)('$kind is rejected', async ({ token }) => {
    const issuer = await createIssuer()
    await expect(strictVerify(issuer, token)).rejects.toThrow()
  })

  it('are not empty and have unique kinds', () => {
    expect(MALFORMED_TOKENS.every((m) => m.token.length > 0)).toBe(true)
    expect(new Set(MALFORMED_TOKENS.map((m) => m.kind)).size).toBe(MALFORMED_TOKENS.length)
  })
})

it('mintHostile uses the given sub', async () => {
  const issuer = await createIssuer()
  expect(decodeJwt(await issuer.mintHostile('expired', { sub: 'user_mallory' })).sub).toBe('user_mallory')
})
