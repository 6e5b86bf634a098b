import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose'

/**
 * What a verified-token cache reads from a key set (shared/auth-node/verified-token-cache.ts):
 * jose's remote JWKS has both (`createRemoteJWKSet(...).fresh`, `.jwks()`).
 */
export interface KeySetState {
  /** Whether the set was fetched less than its max age ago; a stale set is refetched by the next key lookup. */
  readonly fresh: boolean
  /** The keys trusted now (`undefined` before the first fetch). */
  jwks(): JSONWebKeySet | undefined
}

/** A key lookup that also tells which keys it trusts now. */
export type RemoteKeySet = JWTVerifyGetKey & KeySetState

/** Whether `getKey` also tells its current keys (jose's remote JWKS and `createRemoteKeySet`'s do). */
export const hasKeySetState = (getKey: JWTVerifyGetKey): getKey is RemoteKeySet =>
  typeof (getKey as Partial<KeySetState>).jwks === 'function' && 'fresh' in getKey
