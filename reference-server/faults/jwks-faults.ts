import type { TokenVerifier } from '../../shared/auth/auth-failure.ts'
import type { AppOverrides } from '../app-overrides.ts'
import type { ServerConfig } from '../config/load-config.ts'
import type { FaultName } from './faults.ts'

/** jose's own default `cooldownDuration`, in ms: what the `jwks-cooldown-after-unknown-kid` fault restores. */
const JOSE_DEFAULT_COOLDOWN_MS = 30_000

/** The verifier, with a JWKS fetch failure escaping as an error (the app makes it a 500) instead of a 401. */
function throwOnJwksOutage(jwksUrl: string): (verify: TokenVerifier) => TokenVerifier {
  return (verify) => async (authorization) => {
    const result = await verify(authorization)
    if (!result.ok && result.reason === 'jwks_unavailable') throw new Error(`Could not fetch the JWKS from ${jwksUrl}`)
    return result
  }
}

/**
 * The key set's options (and verifier wrapper) for a fault that lives in the remote JWKS; `{}` for
 * any other fault. A cache that never expires misses rotations; no cache at all floods the issuer;
 * jose's default cooldown lets an unknown kid sent just before a rotation hold off the new key for
 * 30 s; without the last known keys an issuer outage turns into 500s.
 */
export function jwksFaultOverrides(fault: FaultName, config: ServerConfig): AppOverrides {
  switch (fault) {
    case 'cache-keys-forever':
      return { keySet: { durations: { cooldownDuration: Infinity, cacheMaxAge: Infinity } } }
    case 'refetch-jwks-every-request':
      return { keySet: { durations: { cooldownDuration: 0, cacheMaxAge: 0 } } }
    case 'jwks-cooldown-after-unknown-kid':
      return { keySet: { durations: { cooldownDuration: JOSE_DEFAULT_COOLDOWN_MS } } }
    case 'jwks-outage-500':
      return { keySet: { lastKnownKeys: false }, wrapVerifier: throwOnJwksOutage(config.jwksUrl) }
    default:
      return {}
  }
}
