import { createLocalJWKSet, createRemoteJWKSet } from 'jose'
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose'
import { bearerToken, createTokenVerifier, type TokenVerifier } from '../../reference-server/auth/verify-token.ts'
import { ASYMMETRIC_ALGORITHMS, DEFAULT_JWKS_COOLDOWN_SECONDS, type ServerConfig } from '../../reference-server/config/load-config.ts'

/**
 * The mock verifies with the reference server's own `createTokenVerifier` (browser-safe: the fault
 * switch is injected by the server's app, not imported by the verifier), so both answer every
 * token the same way; only the key source differs (an in-process issuer, or a JWKS URL).
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

/**
 * Builds a verifier with the reference server's rules: `Authorization: Bearer` parsing, pinned
 * algorithms (default `['EdDSA']`; symmetric ones and `none` are refused here as `loadConfig`
 * refuses them), `sub` and `exp` required, `nbf` checked, `iss`/`aud` checked when configured,
 * clock tolerance (default 5 s). Keys come from `keys` (in-process, `createLocalJWKSet`) or else
 * `config.jwksUrl` (jose's remote JWKS: cached `jwksCacheMaxAgeSeconds`, default 600 s; an unknown
 * `kid` refetches at most once per `jwksCooldownSeconds`, default 1 s as the reference server, so an
 * unknown `kid` just before a rotation does not hold off the new key; `jwksTimeoutMs`, default 5000).
 * `jwk`/`jku`/`x5u` headers are never used to find a key. Failures map to the same codes:
 * AUTH_TOKEN_MISSING / MALFORMED / EXPIRED / INVALID. The token is never logged or echoed.
 */
export function createMockTokenVerifier(config: MockAuthConfig, keys?: LocalKeySource): TokenVerifier {
  const jwtAlgorithms = [...(config.jwtAlgorithms ?? ['EdDSA'])]
  const refused = jwtAlgorithms.filter((alg) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg))
  if (refused.length > 0) throw new Error(`Algorithms not allowed for JWKS verification: ${refused.join(', ')}`)
  return createTokenVerifier(
    { jwtAlgorithms, jwtIssuer: config.jwtIssuer, jwtAudience: config.jwtAudience ?? [], jwtClockToleranceSeconds: config.jwtClockToleranceSeconds ?? 5 },
    keys ? localKeys(keys) : remoteKeys(config),
  )
}

export { bearerToken }

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
    cooldownDuration: (config.jwksCooldownSeconds ?? DEFAULT_JWKS_COOLDOWN_SECONDS) * 1000,
    cacheMaxAge: (config.jwksCacheMaxAgeSeconds ?? 600) * 1000,
    timeoutDuration: config.jwksTimeoutMs ?? 5000,
  })
}
