import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../shared/db/open-database.ts'
import { startReferenceHarness, type ReferenceHarness } from '../support/reference-harness.ts'

let database: Database

beforeAll(async () => {
  database = await openDatabase({ pgliteDataDir: 'memory://' })
})
afterAll(async () => database?.close())

const list = (h: ReferenceHarness, user: string, token: string) =>
  h.app.inject({ method: 'GET', url: `/api/${user}/tasks`, headers: { authorization: `Bearer ${token}` } })

describe('JWKS caching', () => {
  let h: ReferenceHarness
  beforeAll(async () => {
    h = await startReferenceHarness({ database })
  })
  afterAll(async () => h?.close())

  it('fetches the JWKS at most once for 10,000 authenticated requests', async () => {
    const user = `user_${randomUUID()}`
    const token = await h.issuer.mint({ sub: user })
    h.issuer.resetJwksFetchCount()
    let ok = 0
    for (let batch = 0; batch < 200; batch++) {
      const results = await Promise.all(Array.from({ length: 50 }, () => list(h, user, token)))
      ok += results.filter((r) => r.statusCode === 200).length
    }
    expect(ok).toBe(10_000)
    expect(h.issuer.jwksFetchCount).toBeLessThanOrEqual(1)
  }, 120_000)

  it('does not refetch the JWKS for every token with an unknown kid', async () => {
    const user = `user_${randomUUID()}`
    await list(h, user, await h.issuer.mint({ sub: user }))
    h.issuer.resetJwksFetchCount()
    const started = performance.now()
    for (let i = 0; i < 100; i++) {
      const res = await list(h, user, await h.issuer.mintHostile('unknown-kid', { sub: user }))
      expect(res.statusCode).toBe(401)
    }
    // jose refetches for an unknown kid at most once per cooldown (1 s by default), never per kid.
    expect(h.issuer.jwksFetchCount).toBeLessThanOrEqual(1 + Math.floor((performance.now() - started) / 1000))
  })
})

describe('key rotation', () => {
  let h: ReferenceHarness
  beforeAll(async () => {
    h = await startReferenceHarness({ database, env: { JWKS_COOLDOWN_SECONDS: '1' } })
  })
  afterAll(async () => h?.close())

  it('accepts tokens signed with a new key without a restart, once the refetch cooldown allows', async () => {
    const user = `user_${randomUUID()}`
    const oldToken = await h.issuer.mint({ sub: user })
    expect((await list(h, user, oldToken)).statusCode).toBe(200)
    const { kid, previousKid } = await h.issuer.rotate()
    expect(kid).not.toBe(previousKid)
    const newToken = await h.issuer.mint({ sub: user })
    // Right after the fetch above the cooldown is still running: the refetch is rate limited.
    expect((await list(h, user, newToken)).statusCode).toBe(401)
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    h.issuer.resetJwksFetchCount()
    expect((await list(h, user, newToken)).statusCode).toBe(200)
    expect(h.issuer.jwksFetchCount).toBe(1)
    // The previous key is still published during its grace period.
    expect((await list(h, user, oldToken)).statusCode).toBe(200)
  })
})

describe('JWKS outage', () => {
  it('refuses with 401 (never 500) when the JWKS cannot be fetched', async () => {
    const h = await startReferenceHarness({ database, env: { JWKS_URL: 'http://127.0.0.1:9/api/auth/jwks', JWKS_TIMEOUT_MS: '500' } })
    try {
      const user = `user_${randomUUID()}`
      const res = await list(h, user, await h.issuer.mint({ sub: user }))
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('AUTH_TOKEN_INVALID')
      expect(res.body).not.toContain('127.0.0.1:9')
      expect(h.logLines().find((l) => l.event === 'auth_denied')).toMatchObject({ reason: 'jwks_unavailable' })
    } finally {
      await h.close()
    }
  })
})
