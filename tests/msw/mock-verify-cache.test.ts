import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { JSONWebKeySet } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { startMockServer, type MockServer } from '../../mocks/msw/index.ts'
import { createMockTokenVerifier } from '../../mocks/msw/verify-mock-token.ts'
import { withVerifiedTokenCache, type CachingTokenVerifier } from '../../shared/auth-node/verified-token-cache.ts'

describe('the MSW mock’s verified-token cache', () => {
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => {
    vi.useRealTimers()
    await Promise.all(closers.splice(0).map((close) => close()))
  })

  const remoteMock = async (verifyCache?: { enabled: boolean; maxEntries: number }) => {
    const issuer = await createIssuer({ graceSeconds: 0 })
    const listener = await issuer.listen({ port: 0 })
    const mock: MockServer = await startMockServer({
      port: 0,
      jwksUrl: `${listener.url}/api/auth/jwks`,
      jwtIssuer: issuer.issuer,
      jwtAudience: [issuer.audience],
      jwksCacheMaxAgeSeconds: 1,
      ...(verifyCache && { verifyCache }),
    })
    closers.push(mock.close, listener.close)
    const user = `user_${randomUUID()}`
    const token = await issuer.mint({ sub: user })
    const get = () => fetch(`${mock.url}/api/${user}/tasks`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)
    return { issuer, get }
  }

  it('refuses a cached token once the refreshed JWKS no longer has its key', async () => {
    const { issuer, get } = await remoteMock()
    expect(await get()).toBe(200)
    expect(await get()).toBe(200)
    await issuer.rotate()
    await sleep(1_100)
    expect(await get()).toBe(401)
  })

  it('serves the same answers with the cache off (VERIFY_CACHE=off)', async () => {
    const { get } = await remoteMock({ enabled: false, maxEntries: 1 })
    expect([await get(), await get()]).toEqual([200, 200])
  })

  it('re-reads an in-process issuer’s keys at least once a second, so a dropped key stops verifying', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const issuer = await createIssuer({ graceSeconds: 0 })
    let published: JSONWebKeySet = issuer.jwks()
    let cache: CachingTokenVerifier | undefined
    const verify = createMockTokenVerifier(
      { jwtIssuer: issuer.issuer, jwtAudience: [issuer.audience] },
      { jwks: () => published },
      { wrap: (verifier, keySet) => (cache = withVerifiedTokenCache(verifier, keySet)) },
    )
    const token = `Bearer ${await issuer.mint({ sub: 'user_a' })}`
    expect((await verify(token)).ok).toBe(true)
    expect((await verify(token)).ok).toBe(true)
    expect(cache?.stats().hits).toBe(1)
    await issuer.rotate()
    published = issuer.jwks()
    vi.setSystemTime(Date.now() + 1_001)
    expect(await verify(token)).toMatchObject({ ok: false, reason: 'key_unknown' })
  })
})
