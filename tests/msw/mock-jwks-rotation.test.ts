import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIssuer, type Issuer, type IssuerListener } from '../../mocks/issuer/index.ts'
import { createMockTokenVerifier } from '../../mocks/msw/index.ts'
import type { TokenVerifier } from '../../shared/auth/auth-failure.ts'

/**
 * Security review F7 on the mock with a `jwksUrl` and its default settings: one unknown-`kid` token
 * sent just before a key rotation kept new-key tokens refused for 30 s (30 refusals, 30.3 s).
 */
let issuer: Issuer
let listener: IssuerListener

beforeAll(async () => {
  issuer = await createIssuer()
  listener = await issuer.listen({ port: 0 })
})
afterAll(() => listener.close())

/** A fresh mock verifier (its own JWKS cache) and a `true` when it accepts a token. */
function newVerifier(): (token: string) => Promise<boolean> {
  const verify: TokenVerifier = createMockTokenVerifier({ jwksUrl: `${listener.url}/api/auth/jwks`, jwtIssuer: issuer.issuer, jwtAudience: [issuer.audience] })
  return async (token) => (await verify(`Bearer ${token}`)).ok
}

describe('the mock: a key rotation right after an unknown kid (F7)', () => {
  it('accepts the new key within about a second, even after an attacker armed the cooldown', async ({ annotate }) => {
    const accepted = newVerifier()
    expect(await accepted(await issuer.mint({ sub: 'alice' }))).toBe(true)
    await sleep(1_100)
    issuer.resetJwksFetchCount()
    expect(await accepted(await issuer.mintHostile('unknown-kid', { sub: 'alice' }))).toBe(false)
    const armed = issuer.jwksFetchCount
    await issuer.rotate()
    const token = await issuer.mint({ sub: 'alice' })
    const started = performance.now()
    let refusals = 0
    while (!(await accepted(token)) && performance.now() - started < 5_000) {
      refusals++
      await sleep(100)
    }
    const ms = Math.round(performance.now() - started)
    await annotate(`new key after the rotation: ${refusals} refusals (100 ms apart), ${ms} ms`)
    expect(ms).toBeLessThan(2_000)
    expect([armed, issuer.jwksFetchCount]).toEqual([1, 2])
  })

  it('still bounds a flood of 500 distinct unknown kids to about one JWKS fetch a second', async ({ annotate }) => {
    const accepted = newVerifier()
    const valid = await issuer.mint({ sub: 'alice' })
    expect(await accepted(valid)).toBe(true)
    const tokens = await Promise.all(Array.from({ length: 500 }, () => issuer.mintHostile('unknown-kid', { sub: 'alice' })))
    issuer.resetJwksFetchCount()
    const started = performance.now()
    const outcomes: boolean[] = []
    for (let i = 0; i < tokens.length; i += 50) outcomes.push(...(await Promise.all(tokens.slice(i, i + 50).map(accepted))))
    const elapsedMs = performance.now() - started
    await annotate(`500 unknown kids in ${Math.round(elapsedMs)} ms: ${issuer.jwksFetchCount} JWKS fetches`)
    expect(outcomes.filter(Boolean)).toEqual([])
    expect(issuer.jwksFetchCount).toBeLessThanOrEqual(1 + Math.floor(elapsedMs / 1000))
    expect(await accepted(valid)).toBe(true)
  })
})
