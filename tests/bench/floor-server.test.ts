import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFloorApp, FLOOR_BODY } from '../../bench/floor-server.ts'
import { createIssuer, type Issuer, type IssuerListener } from '../../mocks/issuer/index.ts'
import { loadConfig } from '../../reference-server/config/load-config.ts'
import type { FastifyInstance } from 'fastify'

// The floor is only a fair baseline if it does the reference server's verification for real.
describe('bench floor server', () => {
  let issuer: Issuer
  let listener: IssuerListener
  let app: FastifyInstance

  beforeAll(async () => {
    issuer = await createIssuer()
    listener = await issuer.listen({ port: 0 })
    app = buildFloorApp(loadConfig({ JWKS_URL: `${listener.url}/api/auth/jwks`, JWT_ISSUER: issuer.issuer, JWT_AUDIENCE: issuer.audience }))
  })
  afterAll(async () => {
    await app?.close()
    await listener?.close()
  })

  const get = (authorization?: string) =>
    app.inject({ method: 'GET', url: '/api/user_alice/tasks', headers: authorization === undefined ? {} : { authorization } })

  it('answers the constant for a valid token, fetching the JWKS over HTTP', async () => {
    const response = await get(`Bearer ${await issuer.mint({ sub: 'user_alice' })}`)
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe(FLOOR_BODY)
    expect(issuer.jwksFetchCount).toBeGreaterThanOrEqual(1)
  })

  it('refuses a token whose signature was tampered with', async () => {
    const [header, payload, signature] = (await issuer.mint()).split('.')
    const flipped = `${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`
    expect((await get(`Bearer ${header}.${payload}.${flipped}`)).statusCode).toBe(401)
    // Same signature over a changed payload: the claims cannot be edited either.
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'user_bob' })).toString('base64url')
    expect((await get(`Bearer ${header}.${forgedPayload}.${signature}`)).statusCode).toBe(401)
  })

  it('refuses an expired token', async () => {
    const response = await get(`Bearer ${await issuer.mint({}, { expiresInSeconds: -3600 })}`)
    expect(response.statusCode).toBe(401)
    expect(response.headers['www-authenticate']).toContain('Bearer')
  })

  it("refuses another issuer's token, and a token of the right key naming another issuer or audience", async () => {
    const other = await createIssuer({ baseUrl: 'http://other-issuer.test' })
    expect((await get(`Bearer ${await other.mint()}`)).statusCode).toBe(401)
    expect((await get(`Bearer ${await issuer.mint({ iss: 'http://other-issuer.test' })}`)).statusCode).toBe(401)
    expect((await get(`Bearer ${await issuer.mint({ aud: 'http://other-api.test' })}`)).statusCode).toBe(401)
  })

  it('refuses a request without a bearer token and a token without sub', async () => {
    expect((await get()).statusCode).toBe(401)
    expect((await get('Basic dXNlcjpwYXNz')).statusCode).toBe(401)
    expect((await get(`Bearer ${await issuer.mint({}, { omit: ['sub'] })}`)).statusCode).toBe(401)
  })
})
