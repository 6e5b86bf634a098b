/**
 * The JWT verification policy shared by the reference server and the mocks: bearer parsing, the
 * verifier, token shape rules, accepted algorithms and defaults, the remote JWKS with its cache.
 * Browser-safe: jose and contract types only, no Node built-in, no server framework.
 */
export { classify, fail, type AuthFailure, type AuthSuccess, type TokenVerifier } from './auth-failure.ts'
export { hasKeySetState, type KeySetState, type RemoteKeySet } from './key-set-state.ts'
export { withLastKnownKeys, type LastKnownKeysOptions } from './last-known-key-set.ts'
export {
  createRemoteKeySet,
  keySetDurations,
  type KeySetConfig,
  type KeySetDurations,
  type RemoteKeySetOptions,
} from './remote-key-set.ts'
export {
  ASYMMETRIC_ALGORITHMS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS,
  DEFAULT_JWKS_COOLDOWN_SECONDS,
  DEFAULT_JWKS_TIMEOUT_MS,
  DEFAULT_JWT_ALGORITHMS,
  REQUIRED_CLAIMS,
  refusedAlgorithms,
  withPolicyDefaults,
  type TokenPolicyConfig,
} from './token-policy.ts'
export { isCanonicalBase64url, isCanonicalCompactJws, isStorableSubject, MAX_SUBJECT_LENGTH } from './token-shape.ts'
export {
  assertFiniteTimes,
  bearerToken,
  createTokenVerifier,
  joseVerifyOnly,
  verifyJwt,
  type TokenVerifierConfig,
  type TokenVerifierParts,
  type VerifyJwt,
} from './verify-token.ts'
