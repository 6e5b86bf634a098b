import { createLocalJWKSet, errors, type createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose'
import type { RemoteKeySet as KeySetWithState } from './key-set-state.ts'

/** What jose's `createRemoteJWKSet` returns: the getter, plus the last fetched set. */
type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>

/** Errors about choosing a key from a set the issuer did answer: these are verdicts, not outages. */
const KEY_SELECTION_ERRORS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported, errors.JOSEAlgNotAllowed]

/** Options of {@link withLastKnownKeys}. */
export interface LastKnownKeysOptions {
  /** After a failed fetch, the last known keys are used without asking the issuer for this long, in ms. Default 1,000. */
  retryAfterFailureMs?: number
  /** Clock in ms, for tests. Default `Date.now`. */
  now?: () => number
}

/**
 * Lets a remote JWKS outlive an issuer outage. jose refetches a set older than its max age on the
 * next request and, when that fetch fails (refused, timed out, not a JWKS), throws instead of using
 * the keys it had: an issuer down for longer than the max age would lock every user out, and a slow
 * issuer would make every request wait for the fetch timeout. Here a failed fetch falls back to the
 * last set the issuer did publish, and for `retryAfterFailureMs` no request waits on the issuer.
 *
 * A key the issuer removed stays trusted only while the issuer cannot be reached; a `kid` that set
 * does not know is still refused (401), and the first fetch that succeeds replaces the set.
 */
export function withLastKnownKeys(remote: RemoteKeySet, options: LastKnownKeysOptions = {}): KeySetWithState {
  const now = options.now ?? Date.now
  const retryAfterMs = options.retryAfterFailureMs ?? 1_000
  let lastKnown: { jwks: JSONWebKeySet; getKey: JWTVerifyGetKey } | undefined
  let retryAt = 0
  const remember = () => {
    const jwks = remote.jwks()
    if (jwks && jwks !== lastKnown?.jwks) lastKnown = { jwks, getKey: createLocalJWKSet(jwks) }
  }
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (lastKnown && now() < retryAt) return lastKnown.getKey(header, token)
    try {
      const key = await remote(header, token)
      remember()
      return key
    } catch (error) {
      if (KEY_SELECTION_ERRORS.some((type) => error instanceof type)) {
        remember()
        throw error
      }
      if (!lastKnown) throw error
      retryAt = now() + retryAfterMs
      return lastKnown.getKey(header, token)
    }
  }
  // The cache in front of verification (shared/auth-node) reads the live set and its age from jose.
  return Object.defineProperties(getKey, {
    fresh: { get: () => remote.fresh, enumerable: true },
    jwks: { value: () => remote.jwks(), enumerable: true },
  }) as KeySetWithState
}
