import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import type { CreateIssuerOptions } from '../../mocks/issuer/index.ts'
import { startReferenceHarness, useSharedDatabase, type ReferenceHarness } from '../support/reference-harness.ts'

const list = (h: ReferenceHarness, user: string, token: string) =>
  h.app.inject({ method: 'GET', url: `/api/${user}/tasks`, headers: { authorization: `Bearer ${token}` } })

describe('the verified-token cache in the reference server', () => {
  const database = useSharedDatabase()
  const harnesses: ReferenceHarness[] = []
  const start = async (env: Record<string, string> = {}, issuer?: CreateIssuerOptions) => {
    const h = await startReferenceHarness({ database: database(), env, ...(issuer && { issuer }) })
    harnesses.push(h)
    return h
  }
  afterAll(async () => Promise.all(harnesses.map((h) => h.close())))

  it('is on by default: one token verified once answers 100 requests, 403 for another user’s path included', async () => {
    const h = await start()
    const user = `user_${randomUUID()}`
    const token = await h.issuer.mint({ sub: user })
    const statuses = []
    for (let i = 0; i < 100; i++) statuses.push((await list(h, user, token)).statusCode)
    expect(new Set(statuses)).toEqual(new Set([200]))
    expect((await list(h, 'user_someone_else', token)).statusCode).toBe(403)
    expect(h.app.verifyCache?.stats()).toEqual({ hits: 100, misses: 1, size: 1 })
  })

  it('is off with VERIFY_CACHE=off: every request is verified and answered the same', async () => {
    const h = await start({ VERIFY_CACHE: 'off' })
    const user = `user_${randomUUID()}`
    const token = await h.issuer.mint({ sub: user })
    for (let i = 0; i < 3; i++) expect((await list(h, user, token)).statusCode).toBe(200)
    expect(h.app.verifyCache).toBeUndefined()
  })

  it('answers a cached token 401 once it has expired', async () => {
    const h = await start({ JWT_CLOCK_TOLERANCE_SECONDS: '0' })
    const user = `user_${randomUUID()}`
    const token = await h.issuer.mint({ sub: user }, { expiresInSeconds: 2 })
    expect((await list(h, user, token)).statusCode).toBe(200)
    expect((await list(h, user, token)).statusCode).toBe(200)
    await sleep(2_100)
    const late = await list(h, user, token)
    expect(late.statusCode).toBe(401)
    expect(late.json()).toMatchObject({ code: 'AUTH_TOKEN_EXPIRED' })
  })

  it('answers a cached token 401 once the refreshed JWKS no longer has its key', async () => {
    // The key is retired with no grace period: after the rotation the issuer publishes only the new one.
    const h = await start({ JWKS_CACHE_MAX_AGE_SECONDS: '1' }, { graceSeconds: 0 })
    const user = `user_${randomUUID()}`
    const token = await h.issuer.mint({ sub: user })
    expect((await list(h, user, token)).statusCode).toBe(200)
    expect((await list(h, user, token)).statusCode).toBe(200)
    await h.issuer.rotate()
    await sleep(1_100)
    expect((await list(h, user, token)).statusCode).toBe(401)
    expect(h.app.verifyCache?.stats()).toMatchObject({ hits: 1, size: 0 })
  })
})
