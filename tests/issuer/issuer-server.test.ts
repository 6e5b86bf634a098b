import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { createIssuer, MAX_BODY_BYTES } from '../../mocks/issuer/index.ts'
import type { Issuer, IssuerListener } from '../../mocks/issuer/index.ts'
import { strictVerify } from './strict-verify.ts'

let issuer: Issuer
let listener: IssuerListener
let url: string
beforeAll(async () => {
  issuer = await createIssuer()
  listener = await issuer.listen({ port: 0 })
  url = listener.url
})
afterAll(() => listener.close())
beforeEach(() => issuer.resetJwksFetchCount())

const postJson = (path: string, body: unknown) =>
  fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) })

describe('issuer HTTP server', () => {
  it('sets baseUrl, issuer and audience to the listening URL', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(issuer.baseUrl).toBe(url)
    expect(issuer.issuer).toBe(url)
    expect(issuer.audience).toBe(url)
  })

  it('serves the public JWKS, cacheable and CORS-readable, and counts each fetch', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/api/auth/jwks`)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('public, max-age=300')
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      const body = (await res.json()) as { keys: Record<string, unknown>[] }
      expect(body.keys.map((k) => k.kid)).toEqual([issuer.currentKid])
      expect(body.keys[0]).not.toHaveProperty('d')
    }
    issuer.jwks()
    expect(issuer.jwksFetchCount).toBe(3)
  })

  it('issues a verifying token for the requested sub at /api/auth/token', async () => {
    const res = await fetch(`${url}/api/auth/token?sub=user_bob&email=bob@example.test`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { token } = (await res.json()) as { token: string }
    const { payload } = await strictVerify(issuer, token)
    expect(payload).toMatchObject({ sub: 'user_bob', email: 'bob@example.test', iss: url, aud: url })
  })

  it('defaults the token sub to user_alice and rejects an over-long sub', async () => {
    const { token } = (await (await fetch(`${url}/api/auth/token`)).json()) as { token: string }
    expect(decodeJwt(token).sub).toBe('user_alice')
    const res = await fetch(`${url}/api/auth/token?sub=${'x'.repeat(256)}`)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ detail: expect.any(String) })
  })

  it('is accepted by a remote JWKS verifier pointed at /api/auth/jwks', async () => {
    const jwks = createRemoteJWKSet(new URL(`${url}/api/auth/jwks`))
    const token = await issuer.mint({ sub: 'user_remote' })
    const { payload } = await jwtVerify(token, jwks, { algorithms: ['EdDSA'], issuer: url, audience: url })
    expect(payload.sub).toBe('user_remote')
    expect(issuer.jwksFetchCount).toBe(1)
  })

  it('mints custom and hostile tokens at POST /__tck/mint', async () => {
    const res = await postJson('/__tck/mint', { claims: { role: 'admin' }, sub: 'user_dave', header: { typ: 'at+jwt' }, expiresInSeconds: 60 })
    expect(res.status).toBe(200)
    const { token } = (await res.json()) as { token: string }
    const { payload, protectedHeader } = await strictVerify(issuer, token)
    expect(payload).toMatchObject({ sub: 'user_dave', role: 'admin' })
    expect(payload.exp! - payload.iat!).toBe(60)
    expect(protectedHeader.typ).toBe('at+jwt')

    const hostile = (await (await postJson('/__tck/mint', { hostile: 'alg-none-upper' })).json()) as { token: string }
    expect(decodeProtectedHeader(hostile.token).alg).toBe('NONE')
  })

  it.each([
    ['invalid JSON', '{not json', 400],
    ['a non-object body', '[1,2]', 400],
    ['an unknown hostile kind', { hostile: 'no-such-kind' }, 400],
    ['a bad omit list', { omit: ['email'] }, 400],
    ['a body over 64 KiB', { claims: { pad: 'x'.repeat(MAX_BODY_BYTES) } }, 413],
  ])('answers %s at /__tck/mint with a JSON error', async (_name, body, status) => {
    const res = await postJson('/__tck/mint', body)
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual({ detail: expect.any(String) })
  })

  it('does not echo request input in errors', async () => {
    const token = await issuer.mint()
    const res = await postJson('/__tck/mint', { hostile: token })
    expect(await res.text()).not.toContain(token)
  })

  it('rotates at POST /__tck/rotate and reports the key set at /__tck/stats', async () => {
    const before = issuer.currentKid
    const rotated = (await (await postJson('/__tck/rotate', {})).json()) as { kid: string; previousKid: string }
    expect(rotated).toEqual({ kid: issuer.currentKid, previousKid: before })
    await fetch(`${url}/api/auth/jwks`)
    const stats = await (await fetch(`${url}/__tck/stats`)).json()
    expect(stats).toEqual({
      jwksFetches: 1,
      jwksFetchesTotal: issuer.jwksFetchTotal,
      jwksOutage: null,
      kids: [before, rotated.kid],
      currentKid: rotated.kid,
      alg: 'EdDSA',
      issuer: url,
    })
  })

  it("does not count a JWKS fetch marked as the tool's own probe (x-tck-probe)", async () => {
    const total = issuer.jwksFetchTotal
    expect((await fetch(`${url}/api/auth/jwks`, { headers: { 'x-tck-probe': '1' } })).status).toBe(200)
    expect([issuer.jwksFetchCount, issuer.jwksFetchTotal]).toEqual([0, total])
  })

  it('resets the fetch counter at POST /__tck/reset-stats, but never the total', async () => {
    await fetch(`${url}/api/auth/jwks`)
    const total = issuer.jwksFetchTotal
    expect(total).toBeGreaterThan(0)
    const res = await postJson('/__tck/reset-stats', {})
    expect(res.status).toBe(204)
    expect(issuer.jwksFetchCount).toBe(0)
    expect(issuer.jwksFetchTotal).toBe(total)
  })

  describe('POST /__tck/outage', () => {
    const stats = async () => (await (await fetch(`${url}/__tck/stats`)).json()) as { jwksFetches: number; jwksOutage: string | null }

    it('drops JWKS connections for the given time, counts the attempts, and comes back by itself', async () => {
      const res = await postJson('/__tck/outage', { ms: 300 })
      expect(await res.json()).toEqual({ jwksOutage: 'reset', ms: 300 })
      await expect(fetch(`${url}/api/auth/jwks`)).rejects.toThrow()
      // Only the JWKS is down: the control routes still answer.
      expect(await stats()).toMatchObject({ jwksFetches: 1, jwksOutage: 'reset' })
      await new Promise((resolve) => setTimeout(resolve, 350))
      expect((await fetch(`${url}/api/auth/jwks`)).status).toBe(200)
      expect(await stats()).toMatchObject({ jwksFetches: 2, jwksOutage: null })
    })

    it('answers 503 in mode "503", and {ms: 0} ends the outage at once', async () => {
      await postJson('/__tck/outage', { ms: 60_000, mode: '503' })
      const down = await fetch(`${url}/api/auth/jwks`)
      expect(down.status).toBe(503)
      expect(await down.text()).not.toContain('keys')
      await postJson('/__tck/outage', { ms: 0 })
      expect((await fetch(`${url}/api/auth/jwks`)).status).toBe(200)
    })

    it.each([{}, { ms: -1 }, { ms: 'soon' }, { ms: 24 * 3600_000 }, { ms: 10, mode: 'hang' }])('refuses %j with 400', async (body) => {
      const res = await postJson('/__tck/outage', body)
      expect(res.status).toBe(400)
      expect(issuer.jwksOutage).toBeUndefined()
    })
  })

  it('serves OpenID discovery metadata pointing at the JWKS', async () => {
    const body = await (await fetch(`${url}/.well-known/openid-configuration`)).json()
    expect(body).toMatchObject({ issuer: url, jwks_uri: `${url}/api/auth/jwks` })
  })

  it.each([
    ['GET', '/nope'],
    ['POST', '/api/auth/jwks'],
    ['GET', '/__tck/rotate'],
  ])('answers %s %s with 404 JSON', async (method, path) => {
    const res = await fetch(url + path, { method })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ detail: 'Not found' })
  })
})

describe('listen', () => {
  it('keeps an explicit baseUrl and closes idempotently', async () => {
    const fixed = await createIssuer({ baseUrl: 'https://auth.example.test' })
    const l = await fixed.listen()
    expect(fixed.baseUrl).toBe('https://auth.example.test')
    expect(l.url).not.toBe(fixed.baseUrl)
    await l.close()
    await l.close()
    await expect(fetch(`${l.url}/api/auth/jwks`)).rejects.toThrow()
  })
})
