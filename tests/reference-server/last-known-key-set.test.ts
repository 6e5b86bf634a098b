import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { withLastKnownKeys } from '../../shared/auth/last-known-key-set.ts'

/** A JWKS endpoint that can go down: `mode` decides each answer. */
async function jwksServer(jwks: unknown) {
  const state = { mode: 'up' as 'up' | 'error' | 'hang', fetches: 0 }
  const server: Server = createServer((_req, res) => {
    state.fetches += 1
    if (state.mode === 'hang') return
    if (state.mode === 'error') return void res.writeHead(503).end('down')
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`)
  return {
    url,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
  const sign = () => new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'EdDSA', kid }).setExpirationTime('5m').sign(privateKey)
  return { jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' }, sign }
}

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

describe('withLastKnownKeys', () => {
  it('verifies with the last published keys when refreshing a stale set fails, and asks the issuer at most once per retry window', async () => {
    const key = await keyPair('k1')
    const issuer = await jwksServer({ keys: [key.jwk] })
    closers.push(issuer.close)
    let clock = 0
    const remote = createRemoteJWKSet(issuer.url, { cacheMaxAge: 0, cooldownDuration: 0, timeoutDuration: 300 })
    const getKey = withLastKnownKeys(remote, { retryAfterFailureMs: 1_000, now: () => clock })
    const token = await key.sign()
    await expect(jwtVerify(token, getKey)).resolves.toBeDefined()

    issuer.state.mode = 'error'
    // jose alone refuses once its copy is stale and the refresh fails: this is what the wrapper fixes.
    await expect(jwtVerify(token, remote)).rejects.toThrow()
    await expect(jwtVerify(token, getKey)).resolves.toBeDefined()
    const fetchesAfterFailure = issuer.state.fetches
    for (let i = 0; i < 20; i++) await jwtVerify(token, getKey)
    expect(issuer.state.fetches).toBe(fetchesAfterFailure)

    issuer.state.mode = 'hang'
    clock += 1_001
    const started = Date.now()
    await expect(jwtVerify(token, getKey)).resolves.toBeDefined()
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('still refuses a kid the last published set does not know', async () => {
    const known = await keyPair('k1')
    const unknown = await keyPair('k2')
    const issuer = await jwksServer({ keys: [known.jwk] })
    closers.push(issuer.close)
    const getKey = withLastKnownKeys(createRemoteJWKSet(issuer.url, { cacheMaxAge: 0, cooldownDuration: 0, timeoutDuration: 300 }))
    await jwtVerify(await known.sign(), getKey)
    issuer.state.mode = 'error'
    await expect(jwtVerify(await unknown.sign(), getKey)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' })
  })

  it('refuses when the issuer never answered, and takes the new set once it does', async () => {
    const first = await keyPair('k1')
    const issuer = await jwksServer({ keys: [first.jwk] })
    closers.push(issuer.close)
    issuer.state.mode = 'error'
    let clock = 0
    const getKey = withLastKnownKeys(createRemoteJWKSet(issuer.url, { cacheMaxAge: 0, cooldownDuration: 0, timeoutDuration: 300 }), { now: () => clock })
    await expect(jwtVerify(await first.sign(), getKey)).rejects.toThrow()
    issuer.state.mode = 'up'
    clock += 1_001
    await expect(jwtVerify(await first.sign(), getKey)).resolves.toBeDefined()
  })
})
