import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose'
import type { JSONWebKeySet, JWTVerifyGetKey, JWTVerifyOptions } from 'jose'
import type { AuthFailure, TokenVerifier } from '../../reference-server/auth/verify-token.ts'
import { ASYMMETRIC_ALGORITHMS, type ServerConfig } from '../../reference-server/config/load-config.ts'

/**
 * Why this is not `createTokenVerifier` from reference-server/auth/verify-token.ts: that module
 * imports the fault switch (faults/token-faults.ts → `node:crypto`), which a browser bundle cannot
 * load, and the mock must run under `setupWorker` too. The rules below are the correct verifier's,
 * step for step; tests/msw/verify-mock-token.test.ts proves both answer the same code for every
 * hostile and malformed token, so a drift shows up as a failing test.
 */

/** The verification settings, named as in the reference server's {@link ServerConfig}. */
export type MockAuthConfig = Partial<Pick<ServerConfig,
  | 'jwksUrl' | 'jwtIssuer' | 'jwtAudience' | 'jwtAlgorithms' | 'jwtClockToleranceSeconds'
  | 'jwksCooldownSeconds' | 'jwksCacheMaxAgeSeconds' | 'jwksTimeoutMs'>>

/** An in-process key source, e.g. the simulated issuer (mocks/issuer). */
export interface LocalKeySource {
  /** The current public keys; read per verification so a rotation is seen at once. */
  jwks(): JSONWebKeySet
}

/** RFC 6750 section 2.1: `Bearer` (case-insensitive scheme) then a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i

const fail = (code: AuthFailure['code'], reason: string): AuthFailure => ({ ok: false, code, reason })

/**
 * Builds a verifier with the reference server's rules: `Authorization: Bearer` parsing, pinned
 * algorithms (default `['EdDSA']`; symmetric ones and `none` are refused here as `loadConfig`
 * refuses them), `sub` and `exp` required, `nbf` checked, `iss`/`aud` checked when configured,
 * clock tolerance (default 5 s). Keys come from `keys` (in-process, `createLocalJWKSet`) or else
 * `config.jwksUrl` (jose's remote JWKS: cached `jwksCacheMaxAgeSeconds`, default 600 s; an unknown
 * `kid` refetches at most once per `jwksCooldownSeconds`, default 30 s; `jwksTimeoutMs`, default 5000).
 * `jwk`/`jku`/`x5u` headers are never used to find a key. Failures map to the same codes:
 * AUTH_TOKEN_MISSING / MALFORMED / EXPIRED / INVALID. The token is never logged or echoed.
 */
export function createMockTokenVerifier(config: MockAuthConfig, keys?: LocalKeySource): TokenVerifier {
  const algorithms = [...(config.jwtAlgorithms ?? ['EdDSA'])]
  const refused = algorithms.filter((alg) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg))
  if (refused.length > 0) throw new Error(`Algorithms not allowed for JWKS verification: ${refused.join(', ')}`)
  const getKey = keys ? localKeys(keys) : remoteKeys(config)
  const options: JWTVerifyOptions = {
    algorithms,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience && config.jwtAudience.length > 0 ? [...config.jwtAudience] : undefined,
    requiredClaims: ['sub', 'exp'],
    clockTolerance: config.jwtClockToleranceSeconds ?? 5,
  }
  return async (authorization) => {
    if (!authorization || !authorization.trim()) return fail('AUTH_TOKEN_MISSING', 'token_missing')
    const match = BEARER.exec(authorization)
    if (!match) {
      const scheme = authorization.trim().split(/\s+/)[0] ?? ''
      return /^bearer$/i.test(scheme) ? fail('AUTH_TOKEN_MALFORMED', 'token_malformed') : fail('AUTH_TOKEN_MISSING', 'scheme_not_bearer')
    }
    const token = match[1]!
    if (token.split('.').length !== 3) return fail('AUTH_TOKEN_MALFORMED', 'token_malformed')
    try {
      const { payload } = await jwtVerify(token, getKey, options)
      const sub = payload.sub
      if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) return fail('AUTH_TOKEN_INVALID', 'claim_invalid_sub')
      return { ok: true, userId: sub }
    } catch (error) {
      return classify(error)
    }
  }
}

/** Reads the bearer token of an `Authorization` header (after it verified), else `undefined`. */
export function bearerToken(authorization: string | null | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1]
}

function localKeys(keys: LocalKeySource): JWTVerifyGetKey {
  let cached: { json: string; getKey: JWTVerifyGetKey } | undefined
  return (header, token) => {
    const jwks = keys.jwks()
    const json = JSON.stringify(jwks)
    // Re-importing keys per request is wasted work; rebuild only when the key set changed (rotation).
    if (cached?.json !== json) cached = { json, getKey: createLocalJWKSet(jwks) }
    return cached.getKey(header, token)
  }
}

function remoteKeys(config: MockAuthConfig): JWTVerifyGetKey {
  if (!config.jwksUrl) throw new Error('createMockTokenVerifier needs a key source: an in-process issuer or config.jwksUrl')
  return createRemoteJWKSet(new URL(config.jwksUrl), {
    cooldownDuration: (config.jwksCooldownSeconds ?? 30) * 1000,
    cacheMaxAge: (config.jwksCacheMaxAgeSeconds ?? 600) * 1000,
    timeoutDuration: config.jwksTimeoutMs ?? 5000,
  })
}

/** jose's errors to the public code and an audit reason (the reference server's mapping). */
function classify(error: unknown): AuthFailure {
  if (error instanceof errors.JWTExpired) return fail('AUTH_TOKEN_EXPIRED', 'token_expired')
  if (error instanceof errors.JWTClaimValidationFailed) {
    return fail('AUTH_TOKEN_INVALID', error.claim === 'nbf' ? 'token_not_yet_valid' : `claim_invalid_${error.claim.replace(/\W/g, '_')}`)
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return fail('AUTH_TOKEN_MALFORMED', 'token_malformed')
  if (error instanceof errors.JOSEAlgNotAllowed) return fail('AUTH_TOKEN_INVALID', 'alg_not_allowed')
  if (error instanceof errors.JWSSignatureVerificationFailed) return fail('AUTH_TOKEN_INVALID', 'signature_invalid')
  if (error instanceof errors.JWKSNoMatchingKey) return fail('AUTH_TOKEN_INVALID', 'key_unknown')
  if (error instanceof errors.JWKSMultipleMatchingKeys) return fail('AUTH_TOKEN_INVALID', 'key_ambiguous')
  if (error instanceof errors.JOSENotSupported) return fail('AUTH_TOKEN_INVALID', 'header_unsupported')
  if (error instanceof errors.JOSEError) return fail('AUTH_TOKEN_INVALID', 'token_invalid')
  // A network failure while fetching the JWKS: the token cannot be verified, so 401, never 500.
  return fail('AUTH_TOKEN_INVALID', 'jwks_unavailable')
}
