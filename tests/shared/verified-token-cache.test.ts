import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createIssuer, type Issuer } from '../../mocks/issuer/index.ts'
import type { TokenVerifier } from '../../shared/auth/auth-failure.ts'
import type { RemoteKeySet } from '../../shared/auth/key-set-state.ts'
import { createTokenVerifier } from '../../shared/auth/verify-token.ts'
import { withVerifiedTokenCache } from '../../shared/auth-node/verified-token-cache.ts'

/** A key set whose published keys and freshness the test decides, like jose's remote set after a fetch. */
function controlledKeySet(initial: JSONWebKeySet) {
  let local = createLocalJWKSet(initial)
  let published = initial
  const getKey: JWTVerifyGetKey = (header, token) => local(header, token)
  const keySet = Object.defineProperties(getKey, {
    fresh: { get: () => state.fresh, enumerable: true },
    jwks: { value: () => structuredClone(published), enumerable: true },
  }) as RemoteKeySet
  const state = {
    fresh: true,
    keySet,
    publish(jwks: JSONWebKeySet) {
      published = jwks
      local = createLocalJWKSet(jwks)
    },
  }
  return state
}

const T0 = Date.UTC(2026, 11, 6, 12, 0, 0)
const header = (token: string) => `Bearer ${token}`

describe('verified-token cache', () => {
  let issuer: Issuer
  let keys: ReturnType<typeof controlledKeySet>
  let calls: number
  let cache: ReturnType<typeof withVerifiedTokenCache>

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
    issuer = await createIssuer({ graceSeconds: 0 })
    keys = controlledKeySet(issuer.jwks())
    const config = { jwtAlgorithms: ['EdDSA'], jwtIssuer: issuer.issuer, jwtAudience: [issuer.audience], jwtClockToleranceSeconds: 5 }
    const verify = createTokenVerifier(config, keys.keySet)
    const counting: TokenVerifier = (authorization) => {
      calls++
      return verify(authorization)
    }
    calls = 0
    cache = withVerifiedTokenCache(counting, keys.keySet, { clockToleranceSeconds: 5, maxEntries: 3 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('answers a token it verified again without verifying it, with the same user', async () => {
    const token = await issuer.mint({ sub: 'user_a' })
    expect(await cache(header(token))).toEqual({ ok: true, userId: 'user_a' })
    expect(await cache(header(token))).toEqual({ ok: true, userId: 'user_a' })
    expect(calls).toBe(1)
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, size: 1 })
  })

  it('refuses a cached token once its exp has passed, with the verifier’s own 401', async () => {
    const token = await issuer.mint({ sub: 'user_a' }, { expiresInSeconds: 60 })
    expect((await cache(header(token))).ok).toBe(true)
    // Past exp and past the 5 s tolerance: only the exp check on the hit keeps the entry from answering.
    vi.setSystemTime(T0 + 66_000)
    expect(await cache(header(token))).toMatchObject({ ok: false, code: 'AUTH_TOKEN_EXPIRED' })
    expect(cache.stats().size).toBe(0)
  })

  it('never stretches exp by the clock tolerance: inside it, the verifier decides', async () => {
    const token = await issuer.mint({ sub: 'user_a' }, { expiresInSeconds: 60 })
    await cache(header(token))
    vi.setSystemTime(T0 + 62_000)
    expect((await cache(header(token))).ok).toBe(true)
    expect(calls).toBe(2)
  })

  it('refuses a cached token whose nbf is ahead of a clock that went back', async () => {
    const token = await issuer.mint({ sub: 'user_a', nbf: T0 / 1000 })
    expect((await cache(header(token))).ok).toBe(true)
    vi.setSystemTime(T0 - 60_000)
    expect(await cache(header(token))).toMatchObject({ ok: false, reason: 'token_not_yet_valid' })
  })

  it('refuses a cached token whose key a refreshed set dropped, and drops its entries', async () => {
    const old = await issuer.mint({ sub: 'user_a' })
    const other = await issuer.mint({ sub: 'user_b' })
    await cache(header(old))
    await cache(header(other))
    expect(cache.stats().size).toBe(2)
    await issuer.rotate()
    // The set went stale and was refetched (a request through the verifier): the old key is gone.
    keys.fresh = false
    keys.publish(issuer.jwks())
    expect(await cache(header(old))).toMatchObject({ ok: false, reason: 'key_unknown' })
    keys.fresh = true
    expect(await cache(header(other))).toMatchObject({ ok: false, reason: 'key_unknown' })
    expect(cache.stats().size).toBe(0)
  })

  it('drops a key’s entries when a fetch for an unknown kid brings a set without it (the set still fresh)', async () => {
    const old = await issuer.mint({ sub: 'user_a' })
    await cache(header(old))
    await issuer.rotate()
    keys.publish(issuer.jwks())
    const next = await issuer.mint({ sub: 'user_b' })
    expect((await cache(header(next))).ok).toBe(true)
    expect(await cache(header(old))).toMatchObject({ ok: false, reason: 'key_unknown' })
  })

  it('verifies every request in full while the key set is stale', async () => {
    const token = await issuer.mint({ sub: 'user_a' })
    await cache(header(token))
    keys.fresh = false
    await cache(header(token))
    await cache(header(token))
    expect(calls).toBe(3)
  })

  it('never caches a refused token: a bad signature beside a cached good one is refused every time', async () => {
    const token = await issuer.mint({ sub: 'user_a' })
    await cache(header(token))
    const [h, p, s] = token.split('.') as [string, string, string]
    const forged = `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`
    expect(await cache(header(forged))).toMatchObject({ ok: false, reason: 'signature_invalid' })
    expect(await cache(header(forged))).toMatchObject({ ok: false, reason: 'signature_invalid' })
    expect(calls).toBe(3)
    expect(cache.stats().size).toBe(1)
  })

  it('never caches a token without a kid, even one the verifier accepts', async () => {
    const kid = issuer.currentKid
    // A key set with one key: jose picks it for a token whose header names none.
    keys.publish({
      keys: issuer
        .jwks()
        .keys.filter((k) => k.kid === kid)
        .map(({ kid: _kid, ...k }) => k),
    })
    const token = await issuer.mint({ sub: 'user_a' }, { header: { kid: undefined } })
    expect(decodeProtectedHeader(token).kid).toBeUndefined()
    expect(await cache(header(token))).toMatchObject({ ok: true })
    expect(await cache(header(token))).toMatchObject({ ok: true })
    expect(calls).toBe(2)
  })

  it('keeps at most maxEntries tokens, dropping the least recently used', async () => {
    const tokens = await Promise.all(['u1', 'u2', 'u3', 'u4'].map((sub) => issuer.mint({ sub })))
    for (const token of tokens) await cache(header(token))
    expect(cache.stats().size).toBe(3)
    calls = 0
    await cache(header(tokens[0]!))
    expect(calls).toBe(1)
  })
})
