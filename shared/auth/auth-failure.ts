import { errors } from 'jose'
import type { ErrorCode } from '../../contracts/error-registry.ts'

/** Why a request was not authenticated: the public code, and a finer reason for the audit log. */
export interface AuthFailure {
  ok: false
  code: Extract<ErrorCode, `AUTH_${string}`>
  /** Audit-log reason (snake_case); never contains the token or a claim value. */
  reason: string
  /** The token's `sub`, only when the signature was verified (so it can be trusted in a log). */
  userId?: string
}

/** A verified token, and the user it names. */
export interface AuthSuccess {
  ok: true
  /** The token's `sub`; absent only when the verifier's `requiredClaims` leave `sub` out and the token has none. */
  userId: string | undefined
}

/** Verifies an `Authorization` header's value (absent: `undefined`); never throws for a bad token unless told to. */
export type TokenVerifier = (authorization: string | undefined) => Promise<AuthSuccess | AuthFailure>

/** A refusal with `code` and the audit `reason`. */
export const fail = (code: AuthFailure['code'], reason: string): AuthFailure => ({ ok: false, code, reason })

/** jose's error for a JWKS answered with another status than 200 (an issuer failing, e.g. 503). */
const isJwksHttpError = (error: unknown) => error instanceof errors.JOSEError && error.message.startsWith('Expected 200 OK from the JSON Web Key Set')

/** Maps a jose error to the public code and the audit reason. */
export function classify(error: unknown): AuthFailure {
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
