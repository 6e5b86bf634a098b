import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import type { JSONWebKeySet } from 'jose'
import { startAuthServer } from '../../web/auth-server/start-auth-server.ts'
import type { AuthServer } from '../../web/auth-server/start-auth-server.ts'
import { signInAndGetToken, signUpAndGetToken } from '../../web/auth-server/better-auth-session.ts'
import { createPostgresDatabase, type TestDatabase } from '../../shared/db/postgres-database.ts'
import { NO_POSTGRES_REASON, testEnv } from '../support/test-env.ts'

const SECRET = 'tck-test-secret-2b7e5a9c1f4d8e3a6c0b9f2e5d8a1c4f'
const PASSWORD = 'shared by two servers'
const skipped = !testEnv.databaseUrl

describe.skipIf(skipped)(`Better Auth servers on real PostgreSQL${skipped ? ` (skipped: ${NO_POSTGRES_REASON})` : ''}`, () => {
  let db: TestDatabase
  let servers: AuthServer[] = []
  beforeAll(async () => {
    db = await createPostgresDatabase(testEnv.databaseUrl!)
    // Started together on an empty database: the setup lock must keep them from racing.
    servers = await Promise.all([0, 1].map(() => startAuthServer({ port: 0, secret: SECRET, databaseUrl: db.url })))
  })
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()))
    await db?.drop()
  })

  it('share one signing key (a single kid) after starting at the same time', async () => {
    const jwks = await Promise.all(servers.map(async (s) => (await (await fetch(`${s.url}/api/auth/jwks`)).json()) as JSONWebKeySet))
    expect(jwks[0]!.keys).toHaveLength(1)
    expect(jwks[1]!.keys.map((k) => k.kid)).toEqual(jwks[0]!.keys.map((k) => k.kid))
  })

  it('share users: sign up on one server, sign in on the other', async () => {
    const [a, b] = servers as [AuthServer, AuthServer]
    const signedUp = await signUpAndGetToken({ baseURL: a.url, email: 'erin@example.test', password: PASSWORD, name: 'Erin' })
    const signedIn = await signInAndGetToken({ baseURL: b.url, email: 'erin@example.test', password: PASSWORD })
    expect(signedIn.userId).toBe(signedUp.userId)
    const { payload } = await jwtVerify(signedIn.token, createRemoteJWKSet(new URL(`${a.url}/api/auth/jwks`)), {
      issuer: b.url,
      audience: b.url,
      algorithms: ['EdDSA'],
    })
    expect(payload).toMatchObject({ sub: signedUp.userId, email: 'erin@example.test' })
  })
})
