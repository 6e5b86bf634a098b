/**
 * The JWT verification policy's settings and defaults, in one place for every verifier: the
 * reference server reads them from its environment (reference-server/config/load-config.ts), the
 * mocks take them as options (mocks/msw/verify-mock-token.ts). Browser-safe: jose types only.
 */

/** Algorithms a JWKS-verifying backend may pin; symmetric ones and `none` are refused on purpose. */
export const ASYMMETRIC_ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const

/** Default pinned algorithms: `['EdDSA']`, Better Auth's JWT plugin default. */
export const DEFAULT_JWT_ALGORITHMS: readonly string[] = Object.freeze(['EdDSA'])

/** Default allowed clock skew for `exp`/`nbf`, in seconds. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5

/**
 * Default `JWKS_COOLDOWN_SECONDS`, in seconds: an unknown `kid` refetches the JWKS at most once a
 * second, so a rotation is seen within about a second even right after an attacker's unknown `kid`
 * (security review F7; the trade-off and measurements are at `createRemoteKeySet`).
 */
export const DEFAULT_JWKS_COOLDOWN_SECONDS = 1

/** Default age after which a cached JWKS is refetched, in seconds (10 minutes). */
export const DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS = 600

/** Default time one JWKS fetch may take, in milliseconds. */
export const DEFAULT_JWKS_TIMEOUT_MS = 5000

/** Claims every accepted token must carry: `sub` (the user) and `exp` (no token lives forever). */
export const REQUIRED_CLAIMS: readonly string[] = Object.freeze(['sub', 'exp'])

/**
 * The verification settings, named as the reference server's configuration names them (its
 * `ServerConfig` extends this): one `.env` or one options object configures either verifier.
 */
export interface TokenPolicyConfig {
  /** URL of the issuer's JWKS, e.g. `http://localhost:3000/api/auth/jwks`. */
  readonly jwksUrl: string
  /** Expected `iss`; checked only when set. */
  readonly jwtIssuer: string | undefined
  /** Accepted `aud` values; checked only when non-empty. */
  readonly jwtAudience: readonly string[]
  /** Pinned algorithms. Default {@link DEFAULT_JWT_ALGORITHMS} (`['EdDSA']`). */
  readonly jwtAlgorithms: readonly string[]
  /** Allowed clock skew for `exp`/`nbf`, in seconds. Default {@link DEFAULT_CLOCK_TOLERANCE_SECONDS} (5). */
  readonly jwtClockToleranceSeconds: number
  /**
   * Minimum time between two JWKS fetches triggered by unknown `kid`s, in seconds. Default
   * {@link DEFAULT_JWKS_COOLDOWN_SECONDS} (1; why not jose's 30: `createRemoteKeySet`).
   */
  readonly jwksCooldownSeconds: number
  /** Age after which a cached JWKS is refetched, in seconds. Default {@link DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS} (600). */
  readonly jwksCacheMaxAgeSeconds: number
  /** How long one JWKS fetch may take, in milliseconds. Default {@link DEFAULT_JWKS_TIMEOUT_MS} (5000). */
  readonly jwksTimeoutMs: number
}

/** The names in `algorithms` a JWKS verifier must not pin (not in {@link ASYMMETRIC_ALGORITHMS}). */
export function refusedAlgorithms(algorithms: Iterable<string>): string[] {
  return [...algorithms].filter((alg) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg))
}

/**
 * `config` with every setting it leaves out at its default (`jwksUrl` stays as given, `''` when
 * absent: a verifier with in-process keys needs none).
 */
export function withPolicyDefaults(config: Partial<TokenPolicyConfig>): TokenPolicyConfig {
  return {
    jwksUrl: config.jwksUrl ?? '',
    jwtIssuer: config.jwtIssuer,
    jwtAudience: config.jwtAudience ?? [],
    jwtAlgorithms: config.jwtAlgorithms ?? DEFAULT_JWT_ALGORITHMS,
    jwtClockToleranceSeconds: config.jwtClockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
    jwksCooldownSeconds: config.jwksCooldownSeconds ?? DEFAULT_JWKS_COOLDOWN_SECONDS,
    jwksCacheMaxAgeSeconds: config.jwksCacheMaxAgeSeconds ?? DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS,
    jwksTimeoutMs: config.jwksTimeoutMs ?? DEFAULT_JWKS_TIMEOUT_MS,
  }
}
