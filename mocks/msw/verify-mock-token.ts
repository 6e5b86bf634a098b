import { createLocalJWKSet } from 'jose'
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose'
import { createRemoteKeySet, type KeySetConfig } from '../../shared/auth/remote-key-set.ts'
import type { RemoteKeySet } from '../../shared/auth/key-set-state.ts'
import { refusedAlgorithms, withPolicyDefaults, type TokenPolicyConfig } from '../../shared/auth/token-policy.ts'
import { bearerToken, createTokenVerifier } from '../../shared/auth/verify-token.ts'
import type { TokenVerifier } from '../../shared/auth/auth-failure.ts'

/**
 * The mock verifies with the shared policy's `createTokenVerifier` (shared/auth, the one the
 * reference server uses too), so both answer every token the same way; only the key source
 * differs (an in-process issuer, or a JWKS URL).
 */

/** The verification settings, named as the reference server's configuration names them; each optional. */
export type MockAuthConfig = Partial<TokenPolicyConfig>

/** An in-process key source, e.g. the simulated issuer (mocks/issuer). */
export interface LocalKeySource {
  /** The current public keys; read per verification so a rotation is seen at once. */
  jwks(): JSONWebKeySet
}

/**
 * Builds a verifier with the reference server's rules: `Authorization: Bearer` parsing, pinned
 * algorithms (default `['EdDSA']`; symmetric ones and `none` are refused here as `loadConfig`
 * refuses them), `sub` and `exp` required, `nbf` checked, `iss`/`aud` checked when configured,
 * clock tolerance (default 5 s). Keys come from `keys` (in-process, `createLocalJWKSet`) or else
 * `config.jwksUrl` (jose's remote JWKS: cached `jwksCacheMaxAgeSeconds`, default 600 s; an unknown
 * `kid` refetches at most once per `jwksCooldownSeconds`, default 1 s as the reference server, so an
 * unknown `kid` just before a rotation does not hold off the new key; `jwksTimeoutMs`, default 5000).
 * The defaults are the shared policy's (shared/auth/token-policy.ts).
 * `jwk`/`jku`/`x5u` headers are never used to find a key. Failures map to the same codes:
 * AUTH_TOKEN_MISSING / MALFORMED / EXPIRED / INVALID. The token is never logged or echoed.
 */
export function createMockTokenVerifier(config: MockAuthConfig, keys?: LocalKeySource, options: MockVerifierOptions = {}): TokenVerifier {
  const policy = withPolicyDefaults(config)
  const refused = refusedAlgorithms(policy.jwtAlgorithms)
  if (refused.length > 0) throw new Error(`Algorithms not allowed for JWKS verification: ${refused.join(', ')}`)
  const keySet = keys ? localKeys(keys) : remoteKeys(policy)
  const verifier = createTokenVerifier(policy, keySet)
  return options.wrap ? options.wrap(verifier, keySet, policy) : verifier
}

/** Options of {@link createMockTokenVerifier}. */
export interface MockVerifierOptions {
  /**
   * Wraps the finished verifier, given the key set it uses (its current keys and freshness) and the
   * policy with its defaults filled in: the
   * Node mock server puts its verified-token cache here (shared/auth-node, not browser-safe). Default: none.
   */
  wrap?: (verifier: TokenVerifier, keySet: RemoteKeySet, policy: TokenPolicyConfig) => TokenVerifier
}

/**
 * How long an in-process key set counts as fresh after it was last read, in ms: a verified-token
 * cache in front sends a request through full verification (which reads the issuer's keys again)
 * at least this often, so a rotation or a retired key is seen within a second, as a 1 s JWKS max age would.
 */
const LOCAL_KEYS_FRESH_MS = 1_000

export { bearerToken }

function localKeys(keys: LocalKeySource): RemoteKeySet {
  let cached: { json: string; jwks: JSONWebKeySet; getKey: JWTVerifyGetKey; readAt: number } | undefined
  const getKey: JWTVerifyGetKey = (header, token) => {
    const jwks = keys.jwks()
    const json = JSON.stringify(jwks)
    // Re-importing keys per request is wasted work; rebuild only when the key set changed (rotation).
    if (cached?.json !== json) cached = { json, jwks, getKey: createLocalJWKSet(jwks), readAt: 0 }
    cached.readAt = Date.now()
    return cached.getKey(header, token)
  }
  return Object.defineProperties(getKey, {
    fresh: { get: () => cached !== undefined && Date.now() - cached.readAt < LOCAL_KEYS_FRESH_MS, enumerable: true },
    jwks: { value: () => cached?.jwks, enumerable: true },
  }) as RemoteKeySet
}

/**
 * The shared remote key set (same cache durations as the reference server) without its
 * last-known-keys fallback: a mock whose JWKS cannot be fetched refuses the token (401).
 */
function remoteKeys(config: KeySetConfig): RemoteKeySet {
  if (!config.jwksUrl) throw new Error('createMockTokenVerifier needs a key source: an in-process issuer or config.jwksUrl')
  return createRemoteKeySet(config, { lastKnownKeys: false })
}
