import { createRemoteJWKSet } from 'jose'
import type { RemoteKeySet } from './key-set-state.ts'
import { withLastKnownKeys } from './last-known-key-set.ts'
import type { TokenPolicyConfig } from './token-policy.ts'

/** What a remote key set reads from the configuration. */
export type KeySetConfig = Pick<TokenPolicyConfig, 'jwksUrl' | 'jwksCooldownSeconds' | 'jwksCacheMaxAgeSeconds' | 'jwksTimeoutMs'>

/** jose's JWKS cache durations, in milliseconds. */
export interface KeySetDurations {
  /** Minimum time between two fetches an unknown `kid` triggers. */
  cooldownDuration: number
  /** Age after which the cached set is refetched. */
  cacheMaxAge: number
}

/** Options of {@link createRemoteKeySet}. */
export interface RemoteKeySetOptions {
  /** Replaces the durations the configuration gives (either or both). Default: none, the configuration's. */
  durations?: Partial<KeySetDurations>
  /**
   * Keep verifying with the last set the issuer published while it cannot be reached
   * (`withLastKnownKeys`). Default true; false makes a failed refetch a verification error.
   */
  lastKnownKeys?: boolean
}

/** The cache durations `config` asks for, in ms. */
export function keySetDurations(config: KeySetConfig): KeySetDurations {
  return { cooldownDuration: config.jwksCooldownSeconds * 1000, cacheMaxAge: config.jwksCacheMaxAgeSeconds * 1000 }
}

/**
 * A remote JWKS with jose's cache: keys are fetched once and reused, refetched after
 * `jwksCacheMaxAgeSeconds`, and an unknown `kid` triggers at most one refetch per
 * `jwksCooldownSeconds` — so key rotation works without a restart and a flood of unknown `kid`s
 * cannot turn into a flood of JWKS requests. While the issuer cannot be reached, the last set it
 * published keeps verifying (see `withLastKnownKeys`), unless `options.lastKnownKeys` is false.
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
export function createRemoteKeySet(config: KeySetConfig, options: RemoteKeySetOptions = {}): RemoteKeySet {
  const remote = createRemoteJWKSet(new URL(config.jwksUrl), {
    ...keySetDurations(config),
    ...options.durations,
    timeoutDuration: config.jwksTimeoutMs,
  })
  return options.lastKnownKeys === false ? remote : withLastKnownKeys(remote)
}
