import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose'
import { classify, fail, type AuthFailure, type TokenVerifier } from './auth-failure.ts'
import { isCanonicalCompactJws, isStorableSubject } from './token-shape.ts'
import { REQUIRED_CLAIMS, type TokenPolicyConfig } from './token-policy.ts'

/** RFC 6750 section 2.1: `Bearer` (case-insensitive scheme, RFC 9110 section 11.1) then the token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i

/** The bearer token of an `Authorization` header, else `undefined`. */
export function bearerToken(authorization: string | null | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1]
}

/**
 * The step of verification that turns a compact token into its trusted payload (signature,
 * algorithm, key lookup, `crit`, claims); throws jose's errors. Replaceable (`TokenVerifierParts.verify`).
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

/** jose's `jwtVerify` alone, without {@link assertFiniteTimes}: one step of {@link verifyJwt}. */
export const joseVerifyOnly: VerifyJwt = async (token, getKey, options) => (await jwtVerify(token, getKey, options)).payload

/** The correct step: jose's `jwtVerify`, then finite time claims. */
export const verifyJwt: VerifyJwt = async (token, getKey, options) => assertFiniteTimes(await joseVerifyOnly(token, getKey, options))

/** What verification reads from the configuration (the reference server and the mocks pass the same fields). */
export type TokenVerifierConfig = Pick<TokenPolicyConfig, 'jwtAlgorithms' | 'jwtIssuer' | 'jwtAudience' | 'jwtClockToleranceSeconds'>

/** Replaceable parts of {@link createTokenVerifier}; each defaults to the correct policy. */
export interface TokenVerifierParts {
  /** The verification step. Default {@link verifyJwt}. */
  verify?: VerifyJwt
  /**
   * Claims a token must carry. Default {@link REQUIRED_CLAIMS} (`sub`, `exp`). Without `sub`, a
   * verified token that has none succeeds with `userId: undefined` (it names no user).
   */
  requiredClaims?: readonly string[]
  /**
   * The answer to a token that is no well-formed compact JWS (`error` is jose's, when it found
   * it). Default: 401 AUTH_TOKEN_MALFORMED; throwing makes it the app's unhandled error instead.
   */
  onMalformed?: (error?: Error) => AuthFailure
}

/** The correct answer to a malformed token: 401 AUTH_TOKEN_MALFORMED. */
const refuseMalformed = (): AuthFailure => fail('AUTH_TOKEN_MALFORMED', 'token_malformed')

/**
 * Builds the verifier the auth hook uses: parses `Authorization: Bearer`, verifies the signature
 * with the pinned algorithms only, requires `sub` and `exp`, checks `iss`/`aud` when configured.
 * Headers such as `jwk`, `jku` and `x5u` are never used to find a key (only the JWKS is trusted),
 * and an unknown `crit` is rejected (RFC 7515 section 4.1.11). `parts` may replace a step (see
 * {@link TokenVerifierParts}); without them the verifier is the correct one.
 */
export function createTokenVerifier(config: TokenVerifierConfig, getKey: JWTVerifyGetKey, parts: TokenVerifierParts = {}): TokenVerifier {
  const verify = parts.verify ?? verifyJwt
  const malformed = parts.onMalformed ?? refuseMalformed
  const requiredClaims = [...(parts.requiredClaims ?? REQUIRED_CLAIMS)]
  const subjectOptional = !requiredClaims.includes('sub')
  const options: JWTVerifyOptions = {
    algorithms: [...config.jwtAlgorithms],
    issuer: config.jwtIssuer,
    audience: config.jwtAudience.length > 0 ? [...config.jwtAudience] : undefined,
    requiredClaims,
    clockTolerance: config.jwtClockToleranceSeconds,
  }
  return async (authorization) => {
    if (!authorization?.trim()) return fail('AUTH_TOKEN_MISSING', 'token_missing')
    const match = BEARER.exec(authorization)
    if (!match) {
      const scheme = authorization.trim().split(/\s+/)[0] ?? ''
      return /^bearer$/i.test(scheme) ? malformed() : fail('AUTH_TOKEN_MISSING', 'scheme_not_bearer')
    }
    const token = match[1]!
    // Three canonical base64url segments, checked on the text before any decoding or key lookup.
    if (!isCanonicalCompactJws(token)) return malformed()
    try {
      const payload = await verify(token, getKey, options)
      const sub = payload.sub
      if (sub === undefined && subjectOptional) return { ok: true, userId: undefined }
      // A sub the database cannot hold (U+0000, a lone surrogate, over 255 characters) is no user id.
      if (!isStorableSubject(sub)) return fail('AUTH_TOKEN_INVALID', 'claim_invalid_sub')
      return { ok: true, userId: sub }
    } catch (error) {
      const failure = classify(error)
      return failure.code === 'AUTH_TOKEN_MALFORMED' ? malformed(error as Error) : failure
    }
  }
}
