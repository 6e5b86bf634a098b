import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import type { JSONWebKeySet } from 'jose'
import { startAuthServer } from '../../web/auth-server/start-auth-server.ts'
import { signInAndGetToken, signUpAndGetToken } from '../../web/auth-server/better-auth-session.ts'

const SECRET = 'tck-test-secret-9d3a6f1c8e2b7d4a0f5e9c3b6a1d8f2e'
const PASSWORD = 'restart-proof password'

let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'tck-auth-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const fetchJwks = async (url: string) => (await (await fetch(`${url}/api/auth/jwks`)).json()) as JSONWebKeySet

describe('Better Auth server on a persistent PGlite folder', () => {
  it('keeps users and the signing key (same kid) across a restart with the same secret', async () => {
    const first = await startAuthServer({ port: 0, secret: SECRET, pgliteDataDir: dataDir })
    let signedUp: { userId: string; token: string }
    let firstJwks: JSONWebKeySet
    try {
      signedUp = await signUpAndGetToken({ baseURL: first.url, email: 'carol@example.test', password: PASSWORD, name: 'Carol' })
      firstJwks = await fetchJwks(first.url)
    } finally {
      await first.close()
    }

    const second = await startAuthServer({ port: 0, secret: SECRET, pgliteDataDir: dataDir })
    try {
      const signedIn = await signInAndGetToken({ baseURL: second.url, email: 'carol@example.test', password: PASSWORD })
      expect(signedIn.userId).toBe(signedUp.userId)
      const secondJwks = await fetchJwks(second.url)
      expect(secondJwks.keys.map((k) => k.kid)).toEqual(firstJwks.keys.map((k) => k.kid))
      expect(decodeProtectedHeader(signedIn.token).kid).toBe(decodeProtectedHeader(signedUp.token).kid)
      // A token minted before the restart still verifies against the keys served after it.
      const { payload } = await jwtVerify(signedUp.token, createLocalJWKSet(secondJwks), {
        issuer: first.url,
        audience: first.url,
        algorithms: ['EdDSA'],
      })
      expect(payload.sub).toBe(signedUp.userId)
    } finally {
      await second.close()
    }
  })

  it('refuses to start on that folder with another secret (its stored private keys cannot be decrypted)', async () => {
    await expect(startAuthServer({ port: 0, secret: `${SECRET}-rotated-without-migration`, pgliteDataDir: dataDir })).rejects.toThrow(/another auth secret/)
  })
})
