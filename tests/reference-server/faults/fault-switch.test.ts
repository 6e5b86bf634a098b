import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createContractValidator } from '../../../contracts/contract-schemas.ts'
import { MALFORMED_TOKENS, type HostileTokenKind } from '../../../mocks/issuer/index.ts'
import { buildApp } from '../../../reference-server/app.ts'
import { ConfigError, loadConfig } from '../../../reference-server/config/load-config.ts'
import { openDatabase, type Database } from '../../../shared/db/open-database.ts'
import { FAULTS, isFaultName, type FaultName } from '../../../reference-server/faults/faults.ts'
import { startReferenceHarness, type ReferenceHarness } from '../../support/reference-harness.ts'

/**
 * How one fault shows over HTTP. `run` sends the same requests to a server started with the fault
 * (`faulty`) and to a correct one, and asserts the broken outcome or the correct one accordingly.
 */
interface Demonstration {
  /** Extra environment for both servers (e.g. a zero JWKS cooldown for rotation). */
  env?: Record<string, string>
  run(h: ReferenceHarness, faulty: boolean): Promise<void>
}

const EVIL_ORIGIN = 'http://evil.example'
const validator = await createContractValidator()
let database: Database
/** Stands in for an attacker's JWKS host; counts the requests it receives. */
let attacker: Server
let attackerHits = 0
let attackerUrl: string

beforeAll(async () => {
  database = await openDatabase({ pgliteDataDir: 'memory://' })
  attacker = createServer((_req, res) => {
    attackerHits++
    res.setHeader('content-type', 'application/json')
    res.end('{"keys":[]}')
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`
})
afterAll(async () => {
  await database?.close()
  await new Promise((resolve) => attacker?.close(resolve))
})

const newUser = (name = 'user') => `${name}_${randomUUID()}`
const tasksOf = (user: string) => `/api/${user}/tasks`
const taskOf = (user: string, id: string) => `/api/${user}/tasks/${id}`
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const listWith = (h: ReferenceHarness, user: string, token: string) => h.app.inject({ method: 'GET', url: tasksOf(user), headers: bearer(token) })
const idsOf = (res: LightMyRequestResponse): string[] => res.json().data.map((t: { id: string }) => t.id)

async function createTask(h: ReferenceHarness, user: string, body: object = { title: 'Buy milk', description: 'Two litres' }) {
  const res = await h.as(user, { method: 'POST', url: tasksOf(user), payload: body })
  expect(res.statusCode).toBe(201)
  return res.json() as { id: string; user_id: string; title: string; description: string | null; completed: boolean; created_at: string; updated_at: string }
}

/** Tokens of `accepted` kinds get 200 under the fault and 401 without it; `stillRefused` kinds get 401 either way. */
function hostileTokens(accepted: HostileTokenKind[], stillRefused: HostileTokenKind[] = []): Demonstration {
  return {
    async run(h, faulty) {
      for (const kind of [...accepted, ...stillRefused]) {
        const user = newUser()
        const res = await listWith(h, user, await h.issuer.mintHostile(kind, { sub: user, listenerUrl: attackerUrl }))
        expect(res.statusCode, kind).toBe(faulty && accepted.includes(kind) ? 200 : 401)
      }
    },
  }
}

/** One demonstration per fault; typed by FaultName so a new fault without one does not compile either. */
const DEMONSTRATIONS: Record<FaultName, Demonstration> = {
  'skip-ownership-check': {
    async run(h, faulty) {
      const alice = newUser('alice')
      const bob = newUser('bob')
      const task = await createTask(h, alice)
      const read = await h.as(bob, { method: 'GET', url: tasksOf(alice) })
      const planted = await h.as(bob, { method: 'POST', url: tasksOf(alice), payload: { title: 'planted' } })
      if (faulty) {
        expect(read.statusCode).toBe(200)
        expect(idsOf(read)).toEqual([task.id])
        expect(planted.statusCode).toBe(201)
        expect(planted.json().user_id).toBe(alice)
      } else {
        expect([read.statusCode, planted.statusCode]).toEqual([403, 403])
        expect(read.json().code).toBe('FORBIDDEN_USER_MISMATCH')
      }
    },
  },
  'unscoped-task-id': {
    async run(h, faulty) {
      const alice = newUser('alice')
      const bob = newUser('bob')
      const task = await createTask(h, alice)
      const read = await h.as(bob, { method: 'GET', url: taskOf(bob, task.id) })
      const write = await h.as(bob, { method: 'PUT', url: taskOf(bob, task.id), payload: { title: 'hacked' } })
      const after = (await h.as(alice, { method: 'GET', url: taskOf(alice, task.id) })).json()
      if (faulty) {
        expect([read.statusCode, write.statusCode]).toEqual([200, 200])
        expect(read.json()).toMatchObject({ id: task.id, user_id: alice })
        expect(after.title).toBe('hacked')
      } else {
        expect([read.statusCode, write.statusCode]).toEqual([404, 404])
        expect(after.title).toBe(task.title)
      }
    },
  },
  'leak-other-users-tasks': {
    async run(h, faulty) {
      const alice = newUser('alice')
      const bob = newUser('bob')
      const task = await createTask(h, alice)
      const res = await h.as(bob, { method: 'GET', url: tasksOf(bob) })
      expect(res.statusCode).toBe(200)
      if (faulty) expect(idsOf(res)).toContain(task.id)
      else expect(res.json()).toEqual({ data: [], count: 0 })
    },
  },
  'forbidden-on-foreign-task': {
    async run(h, faulty) {
      const alice = newUser('alice')
      const bob = newUser('bob')
      const task = await createTask(h, alice)
      const foreign = await h.as(bob, { method: 'GET', url: taskOf(bob, task.id) })
      const never = await h.as(bob, { method: 'GET', url: taskOf(bob, randomUUID()) })
      expect(never.statusCode).toBe(404)
      expect(foreign.statusCode).toBe(faulty ? 403 : 404)
      if (!faulty) expect(foreign.body).toBe(never.body)
    },
  },
  'ignore-expiry': hostileTokens(['expired'], ['not-yet-valid', 'wrong-issuer']),
  'ignore-not-before': hostileTokens(['not-yet-valid'], ['expired', 'wrong-audience']),
  'accept-alg-none': hostileTokens(['alg-none-lower', 'alg-none-title', 'alg-none-upper', 'alg-none-mixed'], ['signature-stripped']),
  'hmac-key-confusion': hostileTokens(['hs256-key-confusion'], ['alg-none-lower']),
  'skip-signature-check': hostileTokens(['signature-corrupted', 'signature-stripped', 'foreign-key', 'unknown-kid'], ['expired', 'wrong-issuer']),
  'ignore-issuer-audience': hostileTokens(['wrong-issuer', 'missing-issuer', 'wrong-audience', 'missing-audience'], ['expired']),
  'require-no-subject': {
    async run(h, faulty) {
      const alice = newUser('alice')
      const task = await createTask(h, alice)
      const res = await listWith(h, alice, await h.issuer.mintHostile('missing-subject'))
      expect(res.statusCode).toBe(faulty ? 200 : 401)
      if (faulty) expect(idsOf(res)).toEqual([task.id])
    },
  },
  'trust-embedded-jwk': hostileTokens(['embedded-jwk'], ['foreign-key']),
  'fetch-jku': {
    async run(h, faulty) {
      attackerHits = 0
      const user = newUser()
      const res = await listWith(h, user, await h.issuer.mintHostile('jku-header', { sub: user, listenerUrl: attackerUrl }))
      // The attacker's JWKS is empty, so the token is still refused: the request itself is the fault.
      expect(res.statusCode).toBe(401)
      expect(attackerHits > 0).toBe(faulty)
    },
  },
  'ignore-crit': hostileTokens(['unknown-crit'], ['embedded-jwk']),
  'internals-on-bad-token': {
    async run(h, faulty) {
      for (const { kind, token } of MALFORMED_TOKENS) {
        const res = await listWith(h, newUser(), token)
        if (faulty) {
          expect(res.statusCode, kind).toBe(500)
          expect(res.json().detail, kind).toMatch(/^JW[ST]Invalid: /)
          expect(res.body, kind).toMatch(/\bat .+:\d+:\d+/)
        } else {
          expect(res.statusCode, kind).toBe(401)
          expect(res.json().code, kind).toBe('AUTH_TOKEN_MALFORMED')
          expect(res.body, kind).not.toMatch(/\bat .+:\d+:\d+|Invalid:/)
        }
      }
    },
  },
  'echo-token-in-error': {
    async run(h, faulty) {
      const user = newUser()
      const token = await h.issuer.mintHostile('expired', { sub: user })
      const res = await listWith(h, user, token)
      expect(res.statusCode).toBe(401)
      expect(res.json().detail.includes(token)).toBe(faulty)
    },
  },
  'no-www-authenticate': {
    async run(h, faulty) {
      const user = newUser()
      const missing = await h.app.inject({ method: 'GET', url: tasksOf(user) })
      const expired = await listWith(h, user, await h.issuer.mintHostile('expired', { sub: user }))
      expect([missing.statusCode, expired.statusCode]).toEqual([401, 401])
      expect(missing.headers['www-authenticate']).toBe(faulty ? undefined : 'Bearer')
      expect(expired.headers['www-authenticate']).toBe(faulty ? undefined : 'Bearer error="invalid_token"')
    },
  },
  'cache-keys-forever': {
    env: { JWKS_COOLDOWN_SECONDS: '0' },
    async run(h, faulty) {
      const user = newUser()
      expect((await listWith(h, user, await h.issuer.mint({ sub: user }))).statusCode).toBe(200)
      await h.issuer.rotate()
      const rotated = await listWith(h, user, await h.issuer.mint({ sub: user }))
      expect(rotated.statusCode).toBe(faulty ? 401 : 200)
    },
  },
  'refetch-jwks-every-request': {
    async run(h, faulty) {
      const user = newUser()
      const token = await h.issuer.mint({ sub: user })
      expect((await listWith(h, user, token)).statusCode).toBe(200)
      h.issuer.resetJwksFetchCount()
      for (let i = 0; i < 5; i++) expect((await listWith(h, user, token)).statusCode).toBe(200)
      expect(h.issuer.jwksFetchCount).toBe(faulty ? 5 : 0)
    },
  },
  'cors-any-origin': {
    async run(h, faulty) {
      const user = newUser()
      const res = await h.as(user, { method: 'GET', url: tasksOf(user), headers: { origin: EVIL_ORIGIN } })
      expect(res.statusCode).toBe(200)
      expect(res.headers['access-control-allow-origin']).toBe(faulty ? EVIL_ORIGIN : undefined)
      expect(res.headers['access-control-allow-credentials']).toBe(faulty ? 'true' : undefined)
    },
  },
  'cors-wildcard': {
    async run(h, faulty) {
      const user = newUser()
      const res = await h.as(user, { method: 'GET', url: tasksOf(user), headers: { origin: EVIL_ORIGIN } })
      expect(res.statusCode).toBe(200)
      expect(res.headers['access-control-allow-origin']).toBe(faulty ? '*' : undefined)
      expect(res.headers['access-control-allow-credentials']).toBe(faulty ? 'true' : undefined)
    },
  },
  'body-sets-owner': {
    async run(h, faulty) {
      const alice = newUser('alice')
      const bob = newUser('bob')
      const res = await h.as(alice, { method: 'POST', url: tasksOf(alice), payload: { title: 'planted', user_id: bob } })
      const bobsList = await h.as(bob, { method: 'GET', url: tasksOf(bob) })
      if (faulty) {
        expect(res.statusCode).toBe(201)
        expect(res.json().user_id).toBe(bob)
        expect(idsOf(bobsList)).toEqual([res.json().id])
      } else {
        expect(res.statusCode).toBe(422)
        expect(bobsList.json().count).toBe(0)
      }
    },
  },
  'no-title-validation': {
    async run(h, faulty) {
      const user = newUser()
      const long = await h.as(user, { method: 'POST', url: tasksOf(user), payload: { title: 'x'.repeat(256) } })
      const numeric = await h.as(user, { method: 'POST', url: tasksOf(user), payload: { title: 42 } })
      if (faulty) {
        expect(long.statusCode).toBe(500)
        expect(numeric.statusCode).toBe(201)
        expect(numeric.json().title).toBe('42')
      } else {
        expect([long.statusCode, numeric.statusCode]).toEqual([422, 422])
      }
    },
  },
  'put-clears-description': {
    async run(h, faulty) {
      const user = newUser()
      const task = await createTask(h, user, { title: 'a', description: 'keep me' })
      const res = await h.as(user, { method: 'PUT', url: taskOf(user, task.id), payload: { title: 'b' } })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ title: 'b', description: faulty ? null : 'keep me' })
    },
  },
  'error-as-html': {
    async run(h, faulty) {
      const user = newUser()
      for (const url of [taskOf(user, randomUUID()), taskOf(user, 'not-a-uuid')]) {
        const res = await h.as(user, { method: 'GET', url })
        expect([404, 422]).toContain(res.statusCode)
        expect(res.headers['content-type'], url).toMatch(faulty ? /^text\/html/ : /^application\/problem\+json/)
      }
    },
  },
  'extra-task-field': {
    async run(h, faulty) {
      const user = newUser()
      const created = await h.as(user, { method: 'POST', url: tasksOf(user), payload: { title: 'x' } })
      const listed = await h.as(user, { method: 'GET', url: tasksOf(user) })
      expect([created.statusCode, listed.statusCode]).toEqual([201, 200])
      expect(created.json().owner_email !== undefined).toBe(faulty)
      expect(listed.json().data[0].owner_email !== undefined).toBe(faulty)
      expect(validator.validateResponse('createTask', 201, 'application/json', created.json()).valid).toBe(!faulty)
      expect(validator.validateResponse('listTasks', 200, 'application/json', listed.json()).valid).toBe(!faulty)
    },
  },
  'slow-concurrent-writes-lost': {
    async run(h, faulty) {
      const user = newUser()
      const task = await createTask(h, user)
      const url = `${taskOf(user, task.id)}/complete`
      // One token minted up front, so both requests reach the database together.
      const headers = await h.authFor(user)
      const toggles = await Promise.all([h.app.inject({ method: 'PATCH', url, headers }), h.app.inject({ method: 'PATCH', url, headers })])
      expect(toggles.map((r) => r.statusCode)).toEqual([200, 200])
      // Two toggles of a new task end where it started, unless one of them was lost.
      const after = (await h.as(user, { method: 'GET', url: taskOf(user, task.id) })).json()
      expect(after.completed).toBe(faulty)
    },
  },
  'expiry-leeway-10-minutes': hostileTokens(['expired', 'expired-recently'], ['not-yet-valid', 'infinite-expiry']),
  'expiry-leeway-2-minutes': hostileTokens(['expired-recently'], ['expired']),
  'accept-infinite-exp': hostileTokens(['infinite-expiry'], ['expired', 'missing-expiry']),
  'accept-placeholder-hs256': {
    async run(h, faulty) {
      const user = newUser()
      const placeholder = await h.issuer.mintWithSecret('your-secret-key', { sub: user })
      const random = await h.issuer.mintWithSecret(randomUUID(), { sub: user })
      expect((await listWith(h, user, placeholder)).statusCode).toBe(faulty ? 200 : 401)
      expect((await listWith(h, user, random)).statusCode).toBe(401)
    },
  },
  'ignore-missing-audience': hostileTokens(['missing-audience'], ['wrong-audience', 'missing-issuer']),
  'validate-before-ownership': {
    async run(h, faulty) {
      const alice = newUser('alice')
      const bob = newUser('bob')
      const task = await createTask(h, alice)
      const badCreate = await h.as(bob, { method: 'POST', url: tasksOf(alice), payload: { title: '' } })
      const badUpdate = await h.as(bob, { method: 'PUT', url: taskOf(alice, task.id), payload: { title: '' } })
      const goodCreate = await h.as(bob, { method: 'POST', url: tasksOf(alice), payload: { title: 'planted' } })
      expect([badCreate.statusCode, badUpdate.statusCode]).toEqual(faulty ? [422, 422] : [403, 403])
      expect(goodCreate.statusCode).toBe(403)
      expect((await h.as(alice, { method: 'GET', url: tasksOf(alice) })).json().count).toBe(1)
    },
  },
  'query-param-500': {
    async run(h, faulty) {
      const user = newUser()
      expect((await h.as(user, { method: 'GET', url: `${tasksOf(user)}?sort_by=metadata` })).statusCode).toBe(faulty ? 500 : 200)
      expect((await h.as(user, { method: 'GET', url: `${tasksOf(user)}?sort_by=title&limit=5` })).statusCode).toBe(200)
    },
  },
  'path-param-500': {
    async run(h, faulty) {
      const user = newUser()
      const odd = await h.as(user, { method: 'GET', url: taskOf(user, 'not-a-uuid') })
      expect(odd.statusCode).toBe(faulty ? 500 : 422)
      // The database's complaint stays in the log: the 500 is the registry's bare one.
      if (faulty) expect(odd.json()).toMatchObject({ code: 'INTERNAL_ERROR', detail: 'Internal server error' })
      expect((await h.as(user, { method: 'GET', url: taskOf(user, randomUUID()) })).statusCode).toBe(404)
    },
  },
  'uuid-prefix-500': {
    async run(h, faulty) {
      const user = newUser()
      const task = await createTask(h, user)
      const prefixed = await h.as(user, { method: 'GET', url: taskOf(user, `urn:uuid:${task.id}`) })
      expect(prefixed.statusCode).toBe(faulty ? 500 : 422)
      if (faulty) expect(prefixed.json()).toMatchObject({ code: 'INTERNAL_ERROR', detail: 'Internal server error' })
      // Only the prefix gets through: other odd ids are still refused, and the canonical id works.
      expect((await h.as(user, { method: 'GET', url: taskOf(user, 'not-a-uuid') })).statusCode).toBe(422)
      expect((await h.as(user, { method: 'GET', url: taskOf(user, task.id) })).statusCode).toBe(200)
    },
  },
  'framework-error-bodies': {
    async run(h, faulty) {
      const res = await h.app.inject({ method: 'GET', url: '/api/%zz/tasks', headers: { origin: 'http://localhost:3000' } })
      if (faulty) {
        expect(res.statusCode).toBe(400)
        expect(res.json()).toMatchObject({ code: 'FST_ERR_BAD_URL' })
        expect(res.body).toContain('/api/%zz/tasks')
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
      } else {
        expect(res.statusCode).toBe(404)
        expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
        expect(res.body).not.toContain('%zz')
        expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000')
      }
    },
  },
  'short-param-limit': {
    async run(h, faulty) {
      const user = newUser().padEnd(255, 'l')
      const res = await h.as(user, { method: 'GET', url: tasksOf(user) })
      expect(res.statusCode).toBe(faulty ? 404 : 200)
      // Under the limit nothing changes.
      const short = newUser()
      expect((await h.as(short, { method: 'GET', url: tasksOf(short) })).statusCode).toBe(200)
    },
  },
  'frozen-updated-at': {
    async run(h, faulty) {
      const user = newUser()
      const task = await createTask(h, user)
      await new Promise((resolve) => setTimeout(resolve, 5))
      const updated = (await h.as(user, { method: 'PUT', url: taskOf(user, task.id), payload: { title: 'renamed' } })).json()
      const toggled = (await h.as(user, { method: 'PATCH', url: `${taskOf(user, task.id)}/complete` })).json()
      const read = (await h.as(user, { method: 'GET', url: taskOf(user, task.id) })).json()
      expect([updated.title, toggled.completed]).toEqual(['renamed', true])
      for (const body of [updated, toggled, read]) {
        if (faulty) expect(body.updated_at).toBe(task.created_at)
        else expect(Date.parse(body.updated_at)).toBeGreaterThan(Date.parse(task.updated_at))
      }
    },
  },
  'description-null-ignored': {
    async run(h, faulty) {
      const user = newUser()
      const task = await createTask(h, user, { title: 'a', description: 'clear me' })
      const res = await h.as(user, { method: 'PUT', url: taskOf(user, task.id), payload: { description: null } })
      expect(res.statusCode).toBe(200)
      expect(res.json().description).toBe(faulty ? 'clear me' : null)
      const emptied = await h.as(user, { method: 'PUT', url: taskOf(user, task.id), payload: { description: '' } })
      expect(emptied.json().description).toBe('')
    },
  },
  'jwks-outage-500': {
    // No cooldown: the unknown kid makes the server try the JWKS at once.
    env: { JWKS_COOLDOWN_SECONDS: '0' },
    async run(h, faulty) {
      const user = newUser()
      const token = await h.issuer.mint({ sub: user })
      expect((await listWith(h, user, token)).statusCode).toBe(200)
      h.issuer.takeJwksDown(10_000)
      try {
        const unknownKid = await listWith(h, user, await h.issuer.mintHostile('unknown-kid', { sub: user }))
        expect(unknownKid.statusCode).toBe(faulty ? 500 : 401)
        expect(unknownKid.body).not.toContain(h.issuerUrl)
        // Both keep the cached key while the JWKS is fresh: the fault is in the failed refetch only.
        expect((await listWith(h, user, token)).statusCode).toBe(200)
      } finally {
        h.issuer.takeJwksDown(0)
      }
    },
  },
  'jwks-cooldown-after-unknown-kid': {
    // The default cooldown (1 s): the correct server sees the new key within about a second.
    async run(h, faulty) {
      const user = newUser()
      expect((await listWith(h, user, await h.issuer.mint({ sub: user }))).statusCode).toBe(200)
      expect((await listWith(h, user, await h.issuer.mintHostile('unknown-kid', { sub: user }))).statusCode).toBe(401)
      await h.issuer.rotate()
      const rotated = await h.issuer.mint({ sub: user })
      const deadline = Date.now() + 3_000
      let status: number
      do {
        await new Promise((resolve) => setTimeout(resolve, 200))
        status = (await listWith(h, user, rotated)).statusCode
      } while (status !== 200 && Date.now() < deadline)
      expect(status).toBe(faulty ? 401 : 200)
    },
  },
  'unbounded-list': {
    async run(h, faulty) {
      const user = newUser()
      for (let i = 0; i < 3; i++) await createTask(h, user)
      const page = await h.as(user, { method: 'GET', url: `${tasksOf(user)}?limit=1` })
      expect(page.statusCode).toBe(200)
      expect(page.json().count).toBe(3)
      expect(idsOf(page)).toHaveLength(faulty ? 3 : 1)
      // Validation is not the fault: a bad limit is still refused.
      expect((await h.as(user, { method: 'GET', url: `${tasksOf(user)}?limit=0` })).statusCode).toBe(422)
    },
  },
  'forged-fields-on-update': {
    async run(h, faulty) {
      const alice = newUser('alice')
      const bob = newUser('bob')
      const task = await createTask(h, alice)
      const res = await h.as(alice, {
        method: 'PUT',
        url: taskOf(alice, task.id),
        payload: { title: 'handed over', user_id: bob, created_at: '2000-01-01T00:00:00Z' },
      })
      const bobsList = (await h.as(bob, { method: 'GET', url: tasksOf(bob) })).json()
      if (faulty) {
        expect(res.statusCode).toBe(200)
        expect(res.json()).toMatchObject({ id: task.id, user_id: bob, created_at: '2000-01-01T00:00:00.000Z' })
        expect(bobsList.data.map((t: { id: string }) => t.id)).toEqual([task.id])
      } else {
        expect(res.statusCode).toBe(422)
        expect(bobsList.count).toBe(0)
      }
    },
  },
  'read-body-before-auth': {
    async run(h, faulty) {
      // An unauthenticated 1 MiB upload: refused before it is read (401), or read first and refused as too large (413).
      const user = newUser()
      const res = await h.app.inject({
        method: 'POST',
        url: tasksOf(user),
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ title: 'x'.repeat(1024 * 1024) }),
      })
      expect(res.statusCode).toBe(faulty ? 413 : 401)
    },
  },
}

describe('TCK_FAULT', () => {
  it('has a demonstration for every fault and none for a fault that does not exist', () => {
    expect(Object.keys(DEMONSTRATIONS).sort()).toEqual(FAULTS.map((f) => f.name).sort())
  })

  it('names every fault once, in kebab-case, with a description of the rule it breaks', () => {
    const names = FAULTS.map((f) => f.name)
    expect(new Set(names).size).toBe(names.length)
    for (const { name, description } of FAULTS) {
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(description.length).toBeGreaterThan(20)
    }
  })

  it.each(FAULTS.map((f) => [f.name, f.description] as const))(
    '%s makes the server observably wrong (%s), and the same requests are handled correctly without it',
    async (name, description) => {
      const demonstration = DEMONSTRATIONS[name]
      for (const faulty of [true, false]) {
        const h = await startReferenceHarness({ database, env: { ...demonstration.env, ...(faulty && { TCK_FAULT: name }) } })
        try {
          await demonstration.run(h, faulty)
          const warnings = h.logLines().filter((line) => 'fault' in line)
          expect(warnings).toEqual(faulty ? [expect.objectContaining({ level: 40, fault: name, msg: `TCK_FAULT is on: ${description}` })] : [])
        } finally {
          await h.close()
        }
      }
    },
  )

  it('says the fault is ignored, not that it is on, when the caller passes its own overrides', async () => {
    const fault = FAULTS[0]!.name
    const lines: string[] = []
    const config = loadConfig({ JWKS_URL: 'http://127.0.0.1:1/api/auth/jwks', LOG_LEVEL: 'info', PGLITE_DATA_DIR: 'memory://', TCK_FAULT: fault })
    const app = await buildApp(config, { database, overrides: {}, logStream: { write: (line) => void lines.push(line) } })
    await app.close()
    const warnings = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((line) => 'fault' in line)
    expect(warnings).toEqual([expect.objectContaining({ level: 40, fault, msg: `TCK_FAULT=${fault} is ignored: the caller passed its own overrides` })])
  })
})

describe('loadConfig and TCK_FAULT', () => {
  const minimal = { JWKS_URL: 'http://localhost:3000/api/auth/jwks' }

  it('leaves the fault off when TCK_FAULT is unset or empty', () => {
    expect(loadConfig(minimal).fault).toBeUndefined()
    expect(loadConfig({ ...minimal, TCK_FAULT: ' ' }).fault).toBeUndefined()
  })

  it('reads every fault name', () => {
    for (const { name } of FAULTS) expect(loadConfig({ ...minimal, TCK_FAULT: name }).fault).toBe(name)
  })

  it('rejects an unknown TCK_FAULT with the valid names, reported together with the other problems', () => {
    let error: unknown
    try {
      loadConfig({ TCK_FAULT: 'break-everything', PORT: 'eighty' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems).toHaveLength(3)
    const faultProblem = problems.find((p) => p.startsWith('TCK_FAULT'))
    expect(faultProblem).toContain('break-everything')
    for (const { name } of FAULTS) expect(faultProblem).toContain(name)
    expect(isFaultName('break-everything')).toBe(false)
  })
})
