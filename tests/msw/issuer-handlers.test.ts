import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { API, useMswMock } from './msw-harness.ts'

const mock = useMswMock()

describe('MSW issuer handlers (the simulated issuer without a process)', () => {
  it("serves the issuer's JWKS and counts each fetch", async () => {
    const { issuer } = mock()
    issuer.resetJwksFetchCount()
    const response = await fetch(`${API}/api/auth/jwks`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(issuer.jwks())
    expect(issuer.jwksFetchCount).toBe(1)
  })

  it("fails the JWKS during the issuer's outage (network error, or 503), still counting the attempts", async () => {
    const { issuer } = mock()
    issuer.resetJwksFetchCount()
    try {
      issuer.takeJwksDown(60_000)
      await expect(fetch(`${API}/api/auth/jwks`)).rejects.toThrow()
      issuer.takeJwksDown(60_000, '503')
      expect((await fetch(`${API}/api/auth/jwks`)).status).toBe(503)
    } finally {
      issuer.takeJwksDown(0)
    }
    expect((await fetch(`${API}/api/auth/jwks`)).status).toBe(200)
    expect(issuer.jwksFetchCount).toBe(3)
  })

  it('mints a token for ?sub=, or for the x-tck-user header, that the task handlers accept', async () => {
    for (const [url, headers, sub] of [
      [`${API}/api/auth/token?sub=carol`, {}, 'carol'],
      [`${API}/api/auth/token`, { 'x-tck-user': 'dave' }, 'dave'],
      [`${API}/api/auth/token`, {}, 'user_alice'],
    ] as const) {
      const response = await fetch(url, { headers })
      expect(response.headers.get('cache-control')).toBe('no-store')
      const { token } = (await response.json()) as { token: string }
      expect(decodeJwt(token).sub).toBe(sub)
      expect((await mock().call('GET', `/api/${sub}/tasks`, { token })).status).toBe(200)
    }
  })

  it('refuses a sub over 255 characters with 400', async () => {
    expect((await fetch(`${API}/api/auth/token?sub=${'x'.repeat(256)}`)).status).toBe(400)
  })
})
