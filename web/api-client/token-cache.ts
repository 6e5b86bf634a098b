import { decodeJwt } from 'jose'

/** Options of {@link createTokenCache}. */
export interface TokenCacheOptions {
  /**
   * Fetches a fresh token, e.g. `() => authClient.token().then((r) => r.data?.token ?? null)`.
   * `null` means "no session" (signed out).
   */
  fetchToken: () => Promise<string | null>
  /** A token is refreshed proactively once it is within this many seconds of its `exp`. Default 60. */
  refreshMarginSeconds?: number
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number
}

/** The in-memory token cache behind the API client. */
export interface TokenCache {
  /**
   * The cached token while it is more than `refreshMarginSeconds` away from its `exp`;
   * otherwise (none yet, close to expiry, already expired) a refresh.
   */
  get(): Promise<string | null>
  /**
   * Fetches a new token. Single flight: every caller while a fetch is in flight shares it, so N
   * concurrent 401s cause one fetch. With `failedToken` (the token a 401 was answered to), nothing is
   * fetched when the cache already holds a different token: someone else refreshed in the meantime.
   */
  refresh(failedToken?: string | null): Promise<string | null>
  /** Forgets the token (sign-out, a definitive 401); an in-flight fetch no longer fills the cache. */
  clear(): void
}

/**
 * Caches the Better Auth JWT **in memory only** (this closure), never in localStorage or
 * sessionStorage: any script injected through an XSS can read web storage, whereas a value held in
 * a closure is gone with the page. The token lives 15 minutes, which bounds the exposure if it
 * leaks anyway; after a reload Better Auth's httpOnly session cookie restores it through
 * `authClient.token()`, so nothing needs to be persisted by the app.
 *
 * The expiry is read with jose's `decodeJwt` (no verification: that is the backend's job; the client
 * only needs `exp` to avoid sending a token it knows is stale). A token without a readable `exp` is
 * never considered fresh, so it is fetched again on the next `get()`.
 */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const { fetchToken } = options
  const marginMs = (options.refreshMarginSeconds ?? 60) * 1000
  const now = options.now ?? Date.now

  let token: string | null = null
  let expiresAtMs = 0
  let inFlight: Promise<string | null> | undefined
  let generation = 0

  const isFresh = () => token !== null && now() < expiresAtMs - marginMs

  const refresh = (failedToken?: string | null): Promise<string | null> => {
    if (inFlight) return inFlight
    if (failedToken !== undefined && token !== null && token !== failedToken) return Promise.resolve(token)
    const startedIn = generation
    const pending = (async () => {
      const fetched = (await fetchToken()) || null
      if (startedIn === generation) {
        token = fetched
        expiresAtMs = fetched === null ? 0 : expiryMs(fetched)
      }
      return fetched
    })()
    inFlight = pending
    const settled = () => {
      if (inFlight === pending) inFlight = undefined
    }
    pending.then(settled, settled)
    return pending
  }

  return {
    get: () => (isFresh() ? Promise.resolve(token) : refresh()),
    refresh,
    clear() {
      generation += 1
      token = null
      expiresAtMs = 0
      inFlight = undefined
    },
  }
}

function expiryMs(token: string): number {
  try {
    const { exp } = decodeJwt(token)
    return typeof exp === 'number' ? exp * 1000 : 0
  } catch {
    return 0
  }
}
