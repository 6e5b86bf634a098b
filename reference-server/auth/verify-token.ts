import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose'
import type { ErrorCode } from '../../contracts/error-registry.ts'
import type { ServerConfig } from '../config/load-config.ts'
import { withLastKnownKeys } from './last-known-key-set.ts'
import { isCanonicalCompactJws, isStorableSubject } from './token-shape.ts'

/** Why a request was not authenticated: the public code, and a finer reason for the audit log. */
export interface AuthFailure {
  ok: false
  code: Extract<ErrorCode, `AUTH_${string}`>
  /** Audit-log reason (snake_case); never contains the token or a claim value. */
  reason: string
  /** The token's `sub`, only when the signature was verified (so it can be trusted in a log). */
  userId?: string
}

export interface AuthSuccess {
  ok: true
  /** The token's `sub`; absent only under the `require-no-subject` fault. */
  userId: string | undefined
}

export type TokenVerifier = (authorization: string | undefined) => Promise<AuthSuccess | AuthFailure>

const fail = (code: AuthFailure['code'], reason: string): AuthFailure => ({ ok: false, code, reason })

/** RFC 6750 section 2.1: `Bearer` (case-insensitive scheme, RFC 9110 section 11.1) then the token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i

/** The bearer token of an `Authorization` header, else `undefined`. */
export function bearerToken(authorization: string | null | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1]
}

/**
 * The step of verification that turns a compact token into its trusted payload (signature,
 * algorithm, key lookup, `crit`, claims); throws jose's errors. The fault switch replaces it.
 */
export type VerifyJwt = (token: string, getKey: JWTVerifyGetKey, options: JWTVerifyOptions) => Promise<JWTPayload>

/** NumericDate claims (RFC 7519 §2) that jose compares as plain numbers. */
const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const

/**
 * Refuses a payload whose `exp`, `nbf` or `iat` is not a finite number. JSON.parse reads
 * `"exp":1e400` as Infinity, and jose accepts it (Infinity is a number that is never in the
 * past): without this, one such token would never expire.
 */
export function assertFiniteTimes(payload: JWTPayload): JWTPayload {
  for (const claim of TIME_CLAIMS) {
    const value = payload[claim]
    if (value !== undefined && !Number.isFinite(value)) {
      throw new errors.JWTClaimValidationFailed(`"${claim}" claim must be a finite number`, payload, claim, 'invalid')
    }
  }
  return payload
}

/** jose's `jwtVerify` alone: what the `accept-infinite-exp` fault uses instead of {@link verifyJwt}. */
export const joseVerifyOnly: VerifyJwt = async (token, getKey, options) => (await jwtVerify(token, getKey, options)).payload

/** The correct step: jose's `jwtVerify`, then finite time claims. */
export const verifyJwt: VerifyJwt = async (token, getKey, options) => assertFiniteTimes(await joseVerifyOnly(token, getKey, options))

/** What verification reads from the configuration (the mocks pass the same fields). */
export type TokenVerifierConfig = Pick<ServerConfig, 'jwtAlgorithms' | 'jwtIssuer' | 'jwtAudience' | 'jwtClockToleranceSeconds'>
  & { fault?: ServerConfig['fault'] }

/** jose's error for a JWKS answered with another status than 200 (an issuer failing, e.g. 503). */
const isJwksHttpError = (error: unknown) =>
  error instanceof errors.JOSEError && error.message.startsWith('Expected 200 OK from the JSON Web Key Set')

/** Maps a jose error to the public code and the audit reason. */
function classify(error: unknown): AuthFailure {
  if (error instanceof errors.JWTExpired) return fail('AUTH_TOKEN_EXPIRED', 'token_expired')
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' && error.reason === 'check_failed') return fail('AUTH_TOKEN_INVALID', 'token_not_yet_valid')
    return fail('AUTH_TOKEN_INVALID', `claim_invalid_${error.claim.replace(/\W/g, '_')}`)
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return fail('AUTH_TOKEN_MALFORMED', 'token_malformed')
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return fail('AUTH_TOKEN_INVALID', 'alg_not_allowed')
  if (error instanceof errors.JWSSignatureVerificationFailed) return fail('AUTH_TOKEN_INVALID', 'signature_invalid')
  if (error instanceof errors.JWKSNoMatchingKey) return fail('AUTH_TOKEN_INVALID', 'key_unknown')
  if (error instanceof errors.JWKSMultipleMatchingKeys) return fail('AUTH_TOKEN_INVALID', 'key_ambiguous')
  if (error instanceof errors.JOSENotSupported) return fail('AUTH_TOKEN_INVALID', 'header_unsupported')
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || isJwksHttpError(error)) {
    return fail('AUTH_TOKEN_INVALID', 'jwks_unavailable')
  }
  if (error instanceof errors.JOSEError) return fail('AUTH_TOKEN_INVALID', 'token_invalid')
  // A network failure while fetching the JWKS: the token cannot be verified, so it is refused (401),
  // never turned into a 500 that leaks the JWKS host.
  return fail('AUTH_TOKEN_INVALID', 'jwks_unavailable')
}

/**
 * A remote JWKS with jose's cache: keys are fetched once and reused, refetched after
 * `jwksCacheMaxAgeSeconds`, and an unknown `kid` triggers at most one refetch per
 * `jwksCooldownSeconds` — so key rotation works without a restart and a flood of unknown `kid`s
 * cannot turn into a flood of JWKS requests. While the issuer cannot be reached, the last set it
 * published keeps verifying (see `withLastKnownKeys`).
 *
 * Why the cooldown defaults to 1 s, not jose's 30 s (security review F7): jose lets any fetch start
 * the cooldown, an attacker's unknown `kid` included, and a token cannot show it is genuine before
 * its key is known. So one forged `kid` sent just before a rotation kept new-key tokens refused for
 * the whole cooldown: 30 refusals, first 200 after 30.2 s (review). Whatever the design, the delay
 * an attacker can cause equals the shortest gap allowed between two unknown-`kid` fetches, and that
 * gap also bounds a flood; a separate allowance beside a 30 s window, or a window that only empty
 * answers re-arm, would move the same trade-off, not escape it. Measured at 1 s, reference server
 * and mock over HTTP: the new key is accepted 0.7–1.1 s after the rotation following an arming
 * token (was 30.0–30.1 s), 0.05 s without one (unchanged); 500 distinct unknown `kid`s cost about
 * one fetch per elapsed second (6–10 fetches over 6–10 s on a loaded machine, 1 when they arrive
 * within a second: jose shares the pending fetch; was 1), which a JWKS endpoint serves unnoticed.
 * No jitter: each server's window starts at its own last fetch, so servers are not synchronised,
 * and jitter would only lengthen the worst case.
 */
export function createRemoteKeySet(config: ServerConfig): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(config.jwksUrl), {
    ...jwksCacheDurations(config),
    timeoutDuration: config.jwksTimeoutMs,
  })
  // Fault jwks-outage-500: without the last known keys, a failed refetch is an error (the app makes it a 500).
  return config.fault === 'jwks-outage-500' ? remote : withLastKnownKeys(remote)
}

/** jose's own default `cooldownDuration`, in ms: what the `jwks-cooldown-after-unknown-kid` fault restores. */
const JOSE_DEFAULT_COOLDOWN_MS = 30_000

function jwksCacheDurations(config: ServerConfig): { cooldownDuration: number; cacheMaxAge: number } {
  // Faults: a cache that never expires misses rotations; no cache at all floods the issuer; jose's
  // default cooldown lets an unknown kid sent just before a rotation hold off the new key for 30 s.
  if (config.fault === 'cache-keys-forever') return { cooldownDuration: Infinity, cacheMaxAge: Infinity }
  if (config.fault === 'refetch-jwks-every-request') return { cooldownDuration: 0, cacheMaxAge: 0 }
  if (config.fault === 'jwks-cooldown-after-unknown-kid') {
    return { cooldownDuration: JOSE_DEFAULT_COOLDOWN_MS, cacheMaxAge: config.jwksCacheMaxAgeSeconds * 1000 }
  }
  return { cooldownDuration: config.jwksCooldownSeconds * 1000, cacheMaxAge: config.jwksCacheMaxAgeSeconds * 1000 }
}

/**
 * Builds the verifier the auth hook uses: parses `Authorization: Bearer`, verifies the signature
 * with the pinned algorithms only, requires `sub` and `exp`, checks `iss`/`aud` when configured.
 * Headers such as `jwk`, `jku` and `x5u` are never used to find a key (only the JWKS is trusted),
 * and an unknown `crit` is rejected (RFC 7515 section 4.1.11). `config.fault` may break exactly one
 * of these rules on purpose (see faults/faults.ts); without it the verifier is the correct one.
 */
export function createTokenVerifier(config: TokenVerifierConfig, getKey: JWTVerifyGetKey, verify: VerifyJwt = verifyJwt): TokenVerifier {
  const { fault } = config
  const ignoreIssuerAudience = fault === 'ignore-issuer-audience'
  const options: JWTVerifyOptions = {
    algorithms: [...config.jwtAlgorithms],
    issuer: ignoreIssuerAudience ? undefined : config.jwtIssuer,
    audience: !ignoreIssuerAudience && config.jwtAudience.length > 0 ? [...config.jwtAudience] : undefined,
    requiredClaims: fault === 'require-no-subject' ? ['exp'] : ['sub', 'exp'],
    clockTolerance: config.jwtClockToleranceSeconds,
  }
  const malformed = (error?: Error): AuthFailure => {
    // Fault: a parsing error escapes as an unhandled exception (500) instead of becoming a 401.
    if (fault === 'internals-on-bad-token') throw error ?? new errors.JWSInvalid('Invalid Compact JWS')
    return fail('AUTH_TOKEN_MALFORMED', 'token_malformed')
  }
  return async (authorization) => {
    if (!authorization || !authorization.trim()) return fail('AUTH_TOKEN_MISSING', 'token_missing')
    const match = BEARER.exec(authorization)
    if (!match) {
      const scheme = authorization.trim().split(/\s+/)[0] ?? ''
      return /^bearer$/i.test(scheme)
        ? malformed()
        : fail('AUTH_TOKEN_MISSING', 'scheme_not_bearer')
    }
    const token = match[1]!
    // Three canonical base64url segments, checked on the text before any decoding or key lookup.
    if (!isCanonicalCompactJws(token)) return malformed()
    try {
      const payload = await verify(token, getKey, options)
      const sub = payload.sub
      if (sub === undefined && fault === 'require-no-subject') return { ok: true, userId: undefined }
      // A sub the database cannot hold (U+0000, a lone surrogate, over 255 characters) is no user id.
      if (!isStorableSubject(sub)) return fail('AUTH_TOKEN_INVALID', 'claim_invalid_sub')
      return { ok: true, userId: sub }
    } catch (error) {
      const failure = classify(error)
      return failure.code === 'AUTH_TOKEN_MALFORMED' ? malformed(error as Error) : failure
    }
  }
}
