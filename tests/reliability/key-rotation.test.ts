import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { bearer, cleanupAfterAll, jsonInit, LOAD_SECONDS, report, runWorkers, send, startIssuer, useServers, throwAwayDatabaseEnv } from './harness.ts'

const WORKERS = 16
/** JWKS_COOLDOWN_SECONDS of the server: the least time between two JWKS fetches. */
const COOLDOWN_SECONDS = 2

const { serve } = useServers()

describe('key rotation under load', () => {
  it('fails no request signed by the old or the new key while the old one is in its grace period', async () => {
    const issuer = await startIssuer({ graceSeconds: 900 })
    cleanupAfterAll(() => issuer.listener.close())
    const databaseEnv = await throwAwayDatabaseEnv()
    const server = await serve({ ...issuer.env, JWKS_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS), ...databaseEnv })
    const users = Array.from({ length: WORKERS }, (_, w) => `rot_user_${w}`)
    const oldTokens = await Promise.all(users.map((u) => bearer(issuer.issuer, u)))
    let newTokens: string[] | undefined

    // Half the workers always use tokens signed before the rotation; the other half switch to
    // tokens signed by the new key as soon as it exists (a client that just refreshed its token).
    const byKey = { old: [] as { status: number }[], new: [] as { status: number }[] }
    const traffic = runWorkers(WORKERS, async (w, i) => {
      const fresh = w % 2 === 1 && newTokens !== undefined
      const token = fresh ? newTokens![w]! : oldTokens[w]!
      const base = `${server.url}/api/${users[w]}/tasks`
      const outcome = i % 3 === 0 ? await send(base, jsonInit('POST', token, { title: `${users[w]}:${i}` })) : await send(base, jsonInit('GET', token))
      byKey[fresh ? 'new' : 'old'].push(outcome)
      return outcome
    })
    // Rotate once the cooldown after the server's first fetch is over (as it is in production, where
    // rotations are days apart), then keep the load on with both keys.
    const phaseMs = Math.max(COOLDOWN_SECONDS + 1, LOAD_SECONDS / 2) * 1000
    await sleep(phaseMs)
    issuer.issuer.resetJwksFetchCount()
    const { kid, previousKid } = await issuer.issuer.rotate()
    newTokens = await Promise.all(users.map((u) => bearer(issuer.issuer, u)))
    await sleep(phaseMs)
    const outcomes = await traffic.stop()

    const failed = (list: { status: number }[]) => list.filter((o) => o.status !== 200 && o.status !== 201)
    report('key rotation', {
      requests: outcomes.length,
      old_key_requests: byKey.old.length,
      new_key_requests: byKey.new.length,
      old_key_failures: failed(byKey.old).length,
      new_key_failures: failed(byKey.new).length,
      jwks_fetches_after_rotation: issuer.issuer.jwksFetchCount,
    })
    expect(kid).not.toBe(previousKid)
    expect(byKey.new.length).toBeGreaterThan(WORKERS)
    expect(failed(byKey.old).map((o) => o.status)).toEqual([])
    expect(failed(byKey.new).map((o) => o.status)).toEqual([])
    // One refetch learns the new key for every concurrent request (jose shares the pending fetch).
    expect(issuer.issuer.jwksFetchCount).toBeGreaterThanOrEqual(1)
    expect(issuer.issuer.jwksFetchCount).toBeLessThanOrEqual(2)
    // Old-key tokens still work after the refetch: the old key is still published.
    expect((await send(`${server.url}/api/${users[0]}/tasks`, jsonInit('GET', oldTokens[0]!))).status).toBe(200)
  })
})
