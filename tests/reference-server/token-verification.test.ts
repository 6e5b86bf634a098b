import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeJwt } from 'jose'
import { HOSTILE_TOKEN_KINDS, MALFORMED_TOKENS } from '../../mocks/issuer/index.ts'
import { useReferenceHarness } from '../support/reference-harness.ts'

const harness = useReferenceHarness()
/** A listener standing in for an attacker's JWKS/certificate host: it must never be called. */
let attacker: Server
let attackerHits = 0
let attackerUrl: string

beforeAll(async () => {
  attacker = createServer((_req, res) => {
    attackerHits++
    res.end('{"keys":[]}')
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve))
})

/** Sends `authorization` to the list operation of `user` and checks the 401 contract. */
async function expectRefused(authorization: string | undefined, user: string, expectedCode?: string) {
  const res = await harness().app.inject({ method: 'GET', url: `/api/${user}/tasks`, headers: authorization === undefined ? {} : { authorization } })
  expect(res.statusCode).toBe(401)
  expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
  const body = res.json()
  expect(body.status).toBe(401)
  if (expectedCode) expect(body.code).toBe(expectedCode)
  else expect(body.code).toMatch(/^AUTH_TOKEN_/)
  const token = authorization?.replace(/^\S+\s*/, '') ?? ''
  if (token.length > 8) expect(res.body).not.toContain(token.slice(0, 20))
  expect(res.body).not.toContain(user)
  expect(res.body).not.toMatch(/\bat .+:\d+:\d+|Error:|jose|ERR_/)
  return res
}

describe('tokens the server accepts', () => {
  it('accepts a default Better-Auth-like token for its own user', async () => {
    const user = `user_${randomUUID()}`
    const res = await harness().as(user, { method: 'GET', url: `/api/${user}/tasks` })
    expect(res.statusCode).toBe(200)
  })
})

describe('tokens the server refuses with 401', () => {
  it.each(HOSTILE_TOKEN_KINDS.map((k) => [k.kind, k.description] as const))('refuses a %s token (%s)', async (kind) => {
    const user = `user_${randomUUID()}`
    const token = await harness().issuer.mintHostile(kind, { sub: user, listenerUrl: attackerUrl })
    await expectRefused(`Bearer ${token}`, user, kind === 'expired' ? 'AUTH_TOKEN_EXPIRED' : undefined)
  })

  it.each(MALFORMED_TOKENS.map((t) => [t.kind, t.token] as const))('refuses a malformed token (%s) as AUTH_TOKEN_MALFORMED', async (_kind, token) => {
    await expectRefused(`Bearer ${token}`, `user_${randomUUID()}`, 'AUTH_TOKEN_MALFORMED')
  })

  it.each([
    ['no Authorization header', undefined, 'AUTH_TOKEN_MISSING'],
    ['an empty header', '', 'AUTH_TOKEN_MISSING'],
    ['the Basic scheme', 'Basic dXNlcjpwYXNz', 'AUTH_TOKEN_MISSING'],
    ['an empty bearer', 'Bearer ', 'AUTH_TOKEN_MISSING'],
    ['"Bearer" alone', 'Bearer', 'AUTH_TOKEN_MALFORMED'],
    ['two tokens', 'Bearer a.b.c d.e.f', 'AUTH_TOKEN_MALFORMED'],
  ] as const)('refuses %s', async (_name, header, code) => {
    await expectRefused(header, `user_${randomUUID()}`, header === 'Bearer ' ? undefined : code)
  })

  it('answers a missing token with a bare challenge and an invalid one with error="invalid_token" (RFC 6750 section 3.1)', async () => {
    const missing = await expectRefused(undefined, 'u1')
    expect(missing.headers['www-authenticate']).toBe('Bearer')
    const invalid = await expectRefused(`Bearer ${await harness().issuer.mintHostile('expired', { sub: 'u1' })}`, 'u1')
    expect(invalid.headers['www-authenticate']).toBe('Bearer error="invalid_token"')
  })

  it('never fetches the URLs named by jku or x5u headers', async () => {
    attackerHits = 0
    for (const kind of ['jku-header', 'x5u-header', 'embedded-jwk'] as const) {
      await expectRefused(`Bearer ${await harness().issuer.mintHostile(kind, { sub: 'u1', listenerUrl: attackerUrl })}`, 'u1')
    }
    expect(attackerHits).toBe(0)
  })

  it('refuses a token whose sub is not a string', async () => {
    await expectRefused(`Bearer ${await harness().issuer.mint({ sub: 42 as never })}`, '42')
  })
})

describe('audit log', () => {
  it('writes one line per 401 and 403 with a reason, method, path and verified user id — never the token', async () => {
    const user = `user_${randomUUID()}`
    const before = harness()
      .logLines()
      .filter((l) => l.event === 'auth_denied').length
    const expired = await harness().issuer.mintHostile('expired', { sub: user })
    const valid = await harness().issuer.mint({ sub: user })
    await harness().app.inject({ method: 'GET', url: `/api/${user}/tasks?secret=1`, headers: { authorization: `Bearer ${expired}` } })
    await harness().app.inject({ method: 'DELETE', url: `/api/someone_else/tasks/${randomUUID()}`, headers: { authorization: `Bearer ${valid}` } })
    const lines = harness()
      .logLines()
      .filter((l) => l.event === 'auth_denied')
      .slice(before)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({ status: 401, reason: 'token_expired', method: 'GET', path: `/api/${user}/tasks` })
    expect(lines[1]).toMatchObject({ status: 403, reason: 'user_mismatch', method: 'DELETE', userId: user })
    const log = harness().logText()
    for (const token of [expired, valid]) {
      expect(log).not.toContain(token)
      expect(log).not.toContain(token.split('.')[2]!)
    }
    expect(log).not.toContain('secret=1')
  })

  it('logs no part of any hostile token', async () => {
    const tokens = await Promise.all(HOSTILE_TOKEN_KINDS.map((k) => harness().issuer.mintHostile(k.kind, { sub: 'u_log', listenerUrl: attackerUrl })))
    for (const token of tokens) await harness().app.inject({ method: 'GET', url: '/api/u_log/tasks', headers: { authorization: `Bearer ${token}` } })
    const log = harness().logText()
    for (const token of tokens) {
      const [header, payload] = token.split('.')
      expect(log).not.toContain(header)
      expect(log).not.toContain(payload)
    }
    // Claims of an unverified token are attacker-controlled: they are not logged as the user id.
    expect(
      harness()
        .logLines()
        .some((l) => l.userId === 'u_log'),
    ).toBe(false)
    expect(decodeJwt(tokens[0]!).sub).toBe('u_log')
  })
})
