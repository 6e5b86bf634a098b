import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { useReferenceHarness, type ReferenceHarness } from '../support/reference-harness.ts'

/**
 * Security review F7 on the reference server with its default JWKS settings: one unknown-`kid`
 * token sent just before a key rotation kept new-key tokens refused for the whole cooldown (30 s).
 */
const harness = useReferenceHarness()

const list = (h: ReferenceHarness, user: string, token: string) =>
  h.app.inject({ method: 'GET', url: `/api/${user}/tasks`, headers: { authorization: `Bearer ${token}` } })

/** Sends `token` every 100 ms until 200 or `giveUpMs`; @returns a line with the refusals, and the ms until the 200 (or giving up). */
async function untilAccepted(h: ReferenceHarness, user: string, token: string, giveUpMs: number) {
  const started = performance.now()
  let refusals = 0
  while ((await list(h, user, token)).statusCode !== 200) {
    refusals++
    if (performance.now() - started > giveUpMs) break
    await sleep(100)
  }
  const ms = Math.round(performance.now() - started)
  return { ms, summary: `${refusals} refusals (100 ms apart), ${refusals > 0 && ms > giveUpMs ? 'still refused after' : 'accepted after'} ${ms} ms` }
}

describe('a key rotation right after an unknown kid (F7)', () => {
  it('accepts the new key within about a second, even after an attacker armed the cooldown', async ({ annotate }) => {
    const h = harness()
    const user = `user_${randomUUID()}`
    expect((await list(h, user, await h.issuer.mint({ sub: user }))).statusCode).toBe(200)
    // As on a server that has run a while: the cooldown of that first fetch is over, so the
    // attacker's unknown kid makes the server fetch the JWKS, which starts a new cooldown.
    await sleep(1_100)
    h.issuer.resetJwksFetchCount()
    expect((await list(h, user, await h.issuer.mintHostile('unknown-kid', { sub: user }))).statusCode).toBe(401)
    const armed = h.issuer.jwksFetchCount
    await h.issuer.rotate()
    const { ms, summary } = await untilAccepted(h, user, await h.issuer.mint({ sub: user }), 5_000)
    await annotate(`new key after the rotation: ${summary}`)
    expect(ms).toBeLessThan(2_000)
    // The unknown kid did fetch (and so started the cooldown), and one more fetch found the new key.
    expect([armed, h.issuer.jwksFetchCount]).toEqual([1, 2])
  })

  it('still bounds a flood of 500 distinct unknown kids to about one JWKS fetch a second', async ({ annotate }) => {
    const h = harness()
    const user = `user_${randomUUID()}`
    const valid = await h.issuer.mint({ sub: user })
    expect((await list(h, user, valid)).statusCode).toBe(200)
    const tokens = await Promise.all(Array.from({ length: 500 }, () => h.issuer.mintHostile('unknown-kid', { sub: user })))
    h.issuer.resetJwksFetchCount()
    const started = performance.now()
    const statuses: number[] = []
    for (let i = 0; i < tokens.length; i += 50) {
      statuses.push(...(await Promise.all(tokens.slice(i, i + 50).map((t) => list(h, user, t)))).map((r) => r.statusCode))
    }
    const elapsedMs = performance.now() - started
    await annotate(`500 unknown kids in ${Math.round(elapsedMs)} ms: ${h.issuer.jwksFetchCount} JWKS fetches`)
    expect(new Set(statuses)).toEqual(new Set([401]))
    // At most one fetch per started second of the flood (the cooldown is 1 s), never one per kid.
    expect(h.issuer.jwksFetchCount).toBeLessThanOrEqual(1 + Math.floor(elapsedMs / 1000))
    expect((await list(h, user, valid)).statusCode).toBe(200)
  })
})
