import { describe } from 'vitest'
import { check } from '../support/define-check.ts'
import { call, operation } from '../support/api.ts'
import { expectStatus, type Exchange } from '../support/exchange.ts'
import { hostileToken, jwksFetches, mintToken, rotateKey } from '../support/tokens.ts'

// Runs last (files run in name order): rotating the issuer key changes what every later token is signed with.
describe('JWKS behaviour', () => {
  check('JWKS-001', async (ctx) => {
    await call(ctx, operation('listTasks'), { who: 'a' })
    const before = await jwksFetches(ctx)
    for (let i = 0; i < 10; i++) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => call(ctx, operation('listTasks'), { who: 'a' })))
      for (const ex of batch) expectStatus(ex, 200)
    }
    const fetched = (await jwksFetches(ctx)) - before
    if (fetched > 1) throw new Error(`200 requests with one valid token caused ${fetched} JWKS fetches (expected at most 1)`)
  }, '200 requests')

  check('JWKS-002', async (ctx) => {
    await call(ctx, operation('listTasks'), { who: 'a' })
    const before = await jwksFetches(ctx)
    for (let i = 0; i < 30; i++) {
      const token = await hostileToken(ctx, 'unknown-kid', 'a')
      expectStatus(await call(ctx, operation('listTasks'), { headers: { authorization: `Bearer ${token}` } }), 401)
    }
    const fetched = (await jwksFetches(ctx)) - before
    if (fetched > 2) throw new Error(`30 tokens with unknown kids caused ${fetched} JWKS fetches: an attacker can make the backend hammer the issuer (refetch at most once per cooldown)`)
  }, '30 unknown kids')

  check('JWKS-003', async (ctx) => {
    const old = await mintToken(ctx, ctx.users.a.id)
    expectStatus(await call(ctx, operation('listTasks'), { headers: { authorization: `Bearer ${old}` } }), 200)
    await rotateKey(ctx)
    const fresh = await mintToken(ctx, ctx.users.a.id)
    const deadline = Date.now() + (ctx.thorough ? 70_000 : 5_000)
    let last: Exchange
    do {
      last = await call(ctx, operation('listTasks'), { headers: { authorization: `Bearer ${fresh}` } })
      if (last.response.status === 200) break
      await new Promise((resolve) => setTimeout(resolve, 500))
    } while (Date.now() < deadline)
    expectStatus(last, 200)
    // The previous key stays valid during the issuer's grace period.
    expectStatus(await call(ctx, operation('listTasks'), { headers: { authorization: `Bearer ${old}` } }), 200)
  }, 'within the backend cooldown (5 s; 70 s with --thorough)')
})
