import { createHash } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { LRUCache } from 'lru-cache'
import type { AuthSuccess, TokenVerifier } from '../auth/auth-failure.ts'
import type { KeySetState } from '../auth/key-set-state.ts'
import { bearerToken } from '../auth/verify-token.ts'
import { isCanonicalCompactJws } from '../auth/token-shape.ts'

/** Default {@link VerifiedTokenCacheOptions.maxEntries}: 10,000 tokens, about 8 MiB of heap (measured: ~850 B an entry with a UUID user id). */
export const DEFAULT_VERIFY_CACHE_MAX_ENTRIES = 10_000

/** Options of {@link withVerifiedTokenCache}. */
export interface VerifiedTokenCacheOptions {
  /** Most tokens kept; the least recently used goes first. Default {@link DEFAULT_VERIFY_CACHE_MAX_ENTRIES}. */
  maxEntries?: number
  /** The verifier's allowed clock skew for `nbf`, in seconds (it is never added to `exp`). Default 0. */
  clockToleranceSeconds?: number
  /** Clock in ms, for tests. Default `Date.now`. */
  now?: () => number
}

/** Hits (answered from the cache) and misses (verified in full) since the start, and the entries held. */
export interface VerifyCacheStats {
  hits: number
  misses: number
  size: number
}

/** A token verifier that remembers the tokens it verified. */
export interface CachingTokenVerifier extends TokenVerifier {
  stats(): VerifyCacheStats
}

interface Entry {
  userId: string
  kid: string
  /** Seconds since the epoch (NumericDate). */
  exp: number
  nbf: number | undefined
}

/**
 * SHA-256, not a fast non-cryptographic hash: two tokens with the same key would share one entry, so
 * a collision an attacker could compute would let a forged token take a verified one's user.
 * Hashing also keeps live tokens out of the heap (a heap snapshot holds no usable credential).
 */
const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url')

/**
 * Wraps `verify` so a token it accepted is answered again without the signature check (an Ed25519
 * verification was ~25 % of the authenticated list's CPU, BENCHMARKS.md). Nothing it would refuse
 * is ever accepted:
 * - only successes are stored, and only for canonical tokens with a `kid`, a `sub` and a finite `exp`
 *   (a refused, unsigned or keyless token never enters; a flood of forged tokens cannot evict);
 * - an entry is used only while `now < exp` (jose's clock tolerance never extends it) and `nbf`
 *   (with the tolerance) has passed; otherwise the token is verified in full, which gives the same 401;
 * - an entry is used only while its `kid` is in `keys`' current set, and only while that set is
 *   fresh: a stale set sends the request through full verification, which refetches it, and when the
 *   new set has dropped a key, every entry of that key is dropped;
 * - the cache is bounded (LRU, `maxEntries`).
 * The result of a hit is what `verify` returned for the same token, so the auth hook cannot tell.
 */
export function withVerifiedTokenCache(verify: TokenVerifier, keys: KeySetState, options: VerifiedTokenCacheOptions = {}): CachingTokenVerifier {
  const now = options.now ?? Date.now
  const tolerance = options.clockToleranceSeconds ?? 0
  const entries = new LRUCache<string, Entry>({ max: options.maxEntries ?? DEFAULT_VERIFY_CACHE_MAX_ENTRIES })
  let hits = 0
  let misses = 0
  // The kids of the last set seen, re-read (jose clones the set) only after a full verification,
  // the only path on which jose refetches it.
  let kids: ReadonlySet<string> = new Set()
  let keysMayHaveChanged = true
  const readKids = () => {
    keysMayHaveChanged = false
    const next = new Set((keys.jwks()?.keys ?? []).map((key) => key.kid).filter((kid): kid is string => typeof kid === 'string'))
    const dropped = [...kids].filter((kid) => !next.has(kid))
    if (dropped.length > 0) {
      const stale = [...entries.entries()].filter(([, entry]) => dropped.includes(entry.kid)).map(([key]) => key)
      for (const key of stale) entries.delete(key)
    }
    kids = next
  }

  const verified: CachingTokenVerifier = async (authorization) => {
    const token = bearerToken(authorization)
    if (token === undefined || !isCanonicalCompactJws(token)) return miss(authorization, undefined)
    const key = keyOf(token)
    const entry = keys.fresh ? entries.get(key) : undefined
    if (entry) {
      if (keysMayHaveChanged) readKids()
      const seconds = now() / 1000
      if (seconds < entry.exp && (entry.nbf === undefined || entry.nbf <= seconds + tolerance) && kids.has(entry.kid)) {
        hits++
        return { ok: true, userId: entry.userId } satisfies AuthSuccess
      }
      entries.delete(key)
    }
    return miss(authorization, { token, key })
  }

  async function miss(authorization: string | undefined, candidate: { token: string; key: string } | undefined) {
    misses++
    const result = await verify(authorization)
    // Only a set fetched within its max age vouches for an entry (the verification may have just
    // refetched it); reading it now also drops the entries of keys it no longer has. A stale set is
    // read at the next hit, once a verification has refreshed it.
    if (!keys.fresh) {
      keysMayHaveChanged = true
      return result
    }
    readKids()
    if (result.ok && result.userId !== undefined && candidate) {
      const entry = cacheable(candidate.token, result.userId)
      if (entry && kids.has(entry.kid) && now() / 1000 < entry.exp) entries.set(candidate.key, entry)
    }
    return result
  }

  verified.stats = () => ({ hits, misses, size: entries.size })
  return verified
}

/** The entry for a token `verify` accepted, or `undefined` when it lacks what the rules above need. */
function cacheable(token: string, userId: string): Entry | undefined {
  const { kid } = decodeProtectedHeader(token)
  const { exp, nbf } = decodeJwt(token)
  if (typeof kid !== 'string' || typeof exp !== 'number' || !Number.isFinite(exp)) return undefined
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf))) return undefined
  return { userId, kid, exp, nbf }
}
