import { UnsecuredJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { createTokenCache } from '../../web/api-client/index.ts'

/** An unsigned JWT with `exp` (the cache only decodes). */
const jwt = (expSeconds: number, n = 0) => new UnsecuredJWT({ n }).setExpirationTime(expSeconds).encode()

function counting(make: (call: number) => string | null, delayMs = 0) {
  let calls = 0
  const fetchToken = async () => {
    calls += 1
    const call = calls
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
    return make(call)
  }
  return { fetchToken, calls: () => calls }
}

describe('createTokenCache', () => {
  it('returns the cached token until exp - margin, then refreshes proactively', async () => {
    let now = 1_000_000_000_000
    const exp = now / 1000 + 900
    const source = counting((call) => jwt(exp + call, call))
    const cache = createTokenCache({ fetchToken: source.fetchToken, refreshMarginSeconds: 60, now: () => now })
    const first = await cache.get()
    expect(await cache.get()).toBe(first)
    now += 839_000 // 61 s before exp
    expect(await cache.get()).toBe(first)
    now += 2_000 // 59 s before exp
    const second = await cache.get()
    expect(second).not.toBe(first)
    expect(source.calls()).toBe(2)
  })

  it('refresh() is single flight: concurrent callers share one fetch', async () => {
    const source = counting((call) => jwt(Date.now() / 1000 + 900, call), 20)
    const cache = createTokenCache({ fetchToken: source.fetchToken })
    const tokens = await Promise.all([cache.refresh(), cache.refresh(), cache.get(), cache.refresh()])
    expect(new Set(tokens).size).toBe(1)
    expect(source.calls()).toBe(1)
  })

  it('refresh(failedToken) fetches nothing when the cache already holds a newer token', async () => {
    const source = counting((call) => jwt(Date.now() / 1000 + 900, call))
    const cache = createTokenCache({ fetchToken: source.fetchToken })
    const old = await cache.get()
    const fresh = await cache.refresh(old)
    expect(fresh).not.toBe(old)
    expect(await cache.refresh(old)).toBe(fresh) // a late 401 of the old token
    expect(source.calls()).toBe(2)
    expect(await cache.refresh(fresh)).not.toBe(fresh)
    expect(source.calls()).toBe(3)
  })

  it('an expired, undecodable or null token is never served from the cache', async () => {
    const expired = counting(() => jwt(Date.now() / 1000 - 10))
    const a = createTokenCache({ fetchToken: expired.fetchToken })
    await a.get()
    await a.get()
    expect(expired.calls()).toBe(2)

    const opaque = counting(() => 'not-a-jwt')
    const b = createTokenCache({ fetchToken: opaque.fetchToken })
    expect(await b.get()).toBe('not-a-jwt')
    await b.get()
    expect(opaque.calls()).toBe(2)

    const none = counting(() => null)
    const c = createTokenCache({ fetchToken: none.fetchToken })
    expect(await c.get()).toBeNull()
    await c.get()
    expect(none.calls()).toBe(2)
  })

  it('clear() forgets the token, and an in-flight fetch started before it does not refill the cache', async () => {
    const source = counting((call) => jwt(Date.now() / 1000 + 900, call), 20)
    const cache = createTokenCache({ fetchToken: source.fetchToken })
    await cache.get()
    cache.clear()
    await cache.get()
    expect(source.calls()).toBe(2)

    const pending = cache.refresh()
    cache.clear()
    await pending
    await cache.get()
    expect(source.calls()).toBe(4)
  })

  it('a failing fetch rejects every sharer and the next call tries again', async () => {
    let fail = true
    const cache = createTokenCache({
      fetchToken: async () => {
        if (fail) throw new Error('auth server down')
        return jwt(Date.now() / 1000 + 900)
      },
    })
    await expect(Promise.all([cache.get(), cache.get()])).rejects.toThrow('auth server down')
    fail = false
    await expect(cache.get()).resolves.toMatch(/\./)
  })
})
