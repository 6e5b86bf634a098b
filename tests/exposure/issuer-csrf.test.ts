import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIssuer, type Issuer, type IssuerListener } from '../../mocks/issuer/index.ts'

/**
 * Security review F12: the issuer's state-changing routes take no cross-site request. A web page
 * can POST `text/plain` anywhere without a preflight; browsers then send its `Origin`.
 */
let issuer: Issuer
let listener: IssuerListener
beforeAll(async () => {
  issuer = await createIssuer()
  listener = await issuer.listen({ port: 0 })
})
afterAll(() => listener?.close())

const post = (path: string, headers: Record<string, string>, body?: string) =>
  fetch(`${listener.url}${path}`, { method: 'POST', headers, ...(body !== undefined && { body }) })

describe('issuer /__tck/* against cross-site requests', () => {
  it('refuses POST /__tck/rotate from a foreign Origin (a simple text/plain POST) with 403, and does not rotate', async () => {
    const kid = issuer.currentKid
    const res = await post('/__tck/rotate', { origin: 'http://evil.example', 'content-type': 'text/plain' }, 'x')
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ detail: expect.stringContaining('Origin') })
    expect(issuer.currentKid).toBe(kid)
  })

  it.each(['/__tck/mint', '/__tck/outage', '/__tck/reset-stats'])('refuses POST %s from a foreign or null Origin, even as JSON', async (path) => {
    for (const origin of ['http://evil.example', 'null', `http://localhost:${new URL(listener.url).port}.evil.example`]) {
      const res = await post(path, { origin, 'content-type': 'application/json' }, '{"ms":0}')
      expect(res.status, origin).toBe(403)
    }
  })

  it('refuses a body that is not JSON (what a form or a no-preflight fetch sends) with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await post('/__tck/mint', { 'content-type': type }, '{"sub":"victim"}')
      expect(res.status, type).toBe(415)
      expect(await res.json()).toEqual({ detail: 'Content-Type must be application/json' })
    }
  })

  it('serves its own origin, tools without Origin, and a body-less POST', async () => {
    const own = await post('/__tck/mint', { origin: listener.url, 'content-type': 'application/json; charset=utf-8' }, '{"sub":"user_alice"}')
    expect(own.status).toBe(200)
    expect((await post('/__tck/mint', { 'content-type': 'application/json' }, '{"sub":"user_alice"}')).status).toBe(200)
    const rotated = await post('/__tck/rotate', {})
    expect(rotated.status).toBe(200)
    expect(await rotated.json()).toEqual({ kid: issuer.currentKid, previousKid: expect.any(String) })
  })
})
