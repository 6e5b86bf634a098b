import { randomUUID } from 'node:crypto'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STORAGE_ENGINES, useHarnessOn } from '../support/harness-per-engine.ts'
import { openDatabase, type Database } from '../../shared/db/open-database.ts'
import { startReferenceHarness, type ReferenceHarness } from '../support/reference-harness.ts'

/**
 * Security review F1–F4 and F15 on the reference server: odd task ids, undecodable and over-long
 * paths, a `sub` the database cannot hold, non-canonical token encodings. PostgreSQL is where the
 * F1 and F4 500s came from (22P02, 22021), so each case runs on PGlite and on real PostgreSQL.
 */
const ALLOWED = 'http://localhost:3000'

for (const engine of STORAGE_ENGINES) {
  describe.skipIf(engine.skip !== undefined)(`input edges on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`, () => {
    const harness = useHarnessOn(engine)
    let h: ReferenceHarness
    beforeAll(() => {
      h = harness()
    })

    const user = () => `user_${randomUUID()}`
    const create = async (sub: string) =>
      (await h.as(sub, { method: 'POST', url: `/api/${sub}/tasks`, payload: { title: 'edge' } })).json() as { id: string; completed: boolean }

    it('F1: urn:uuid:, braces and unhyphenated task ids are 422 path.task_id on every task-id operation, never 500', async () => {
      const sub = user()
      const { id } = await create(sub)
      for (const odd of [`urn:uuid:${id}`, `URN:UUID:${id}`, `%7B${id}%7D`, id.replace(/-/g, ''), `urn:uuid:${randomUUID()}`]) {
        for (const [method, suffix, payload] of [
          ['GET', ''],
          ['PUT', '', { title: 'x' }],
          ['PATCH', '/complete'],
          ['DELETE', ''],
        ] as const) {
          const res = await h.as(sub, { method, url: `/api/${sub}/tasks/${odd}${suffix}`, ...(payload && { payload }) })
          expect(res.statusCode, `${method} ${odd}`).toBe(422)
          expect(res.json().errors[0].loc).toEqual(['path', 'task_id'])
        }
      }
      expect((await h.as(sub, { method: 'GET', url: `/api/${sub}/tasks/${id}` })).json().completed).toBe(false)
    })

    it('F1: an uppercase task id names the same task (UUIDs are case-insensitive)', async () => {
      const sub = user()
      const { id } = await create(sub)
      const upper = id.toUpperCase()
      expect((await h.as(sub, { method: 'GET', url: `/api/${sub}/tasks/${upper}` })).json()).toMatchObject({ id })
      expect((await h.as(sub, { method: 'PATCH', url: `/api/${sub}/tasks/${upper}/complete` })).json()).toMatchObject({ id, completed: true })
      expect((await h.as(sub, { method: 'DELETE', url: `/api/${sub}/tasks/${upper}` })).statusCode).toBe(204)
    })

    it('F1: a value the database refuses (SQLSTATE 22P02, 22021) is a 422 even where validation slipped', async () => {
      // A route with no schema at all, as a future contract slip would leave one.
      const app = (await startReferenceHarness({ database: h.app.database })).app
      app.get('/slip/:value', async (request) => app.database.pool.query('SELECT $1::uuid', [(request.params as { value: string }).value]))
      app.get('/slip-text/:value', async (request) => app.database.pool.query('SELECT $1::text', [(request.params as { value: string }).value]))
      try {
        for (const url of ['/slip/urn:uuid:00000000-0000-0000-0000-000000000000', '/slip/nope', '/slip-text/a%00b']) {
          const res = await app.inject({ method: 'GET', url })
          expect(res.statusCode, url).toBe(422)
          expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
        }
      } finally {
        await app.close()
      }
    })

    it('F4: a sub with U+0000 or a lone surrogate, or 256 characters, is 401 AUTH_TOKEN_INVALID on its own path, never 500', async () => {
      for (const [sub, path] of [
        ['alice\u0000', 'alice%00'],
        ['a\ud800b', 'a%ED%A0%80b'],
        ['u'.repeat(256), 'u'.repeat(256)],
      ] as const) {
        const headers = { authorization: `Bearer ${await h.issuer.mint({ sub })}` }
        for (const method of ['GET', 'POST'] as const) {
          const res = await h.app.inject({ method, url: `/api/${path}/tasks`, headers, ...(method === 'POST' && { payload: { title: 'x' } }) })
          // The lone surrogate's path does not even decode: 404 before auth. Never a 500, never stored.
          expect(res.statusCode, `${method} ${JSON.stringify(sub)}`).toBe(path.includes('%ED') ? 404 : 401)
          if (res.statusCode === 401) expect(res.json().code).toBe('AUTH_TOKEN_INVALID')
        }
      }
    })
  })
}

describe('F2, F3: undecodable and over-long paths (reference server, no database involved)', () => {
  let h: ReferenceHarness
  let database: Database
  beforeAll(async () => {
    database = await openDatabase({ pgliteDataDir: 'memory://' })
    h = await startReferenceHarness({ database })
  })
  afterAll(async () => {
    await h?.close()
    await database?.close()
  })

  it('answers %zz, %C0%AF and an encoded lone surrogate with the registry 404, CORS headers, no path echoed, before auth', async () => {
    const own = 'alice'
    for (const path of ['/api/%zz/tasks', '/api/%C0%AF/tasks', '/api/a%ED%A0%80/tasks', `/api/${own}/tasks/%zz`, `/api/${own}/tasks/%zz/complete`]) {
      for (const headers of [{ origin: ALLOWED }, { origin: ALLOWED, ...(await h.authFor(own)) }]) {
        const res = await h.app.inject({ method: 'GET', url: path, headers })
        expect(res.statusCode, path).toBe(404)
        expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
        expect(res.json()).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Not found', code: 'ROUTE_NOT_FOUND' })
        expect(res.headers['access-control-allow-origin']).toBe(ALLOWED)
        expect(res.headers['access-control-allow-credentials']).toBe('true')
      }
    }
    const foreign = await h.app.inject({ method: 'GET', url: '/api/%zz/tasks', headers: { origin: 'http://evil.example' } })
    expect(foreign.statusCode).toBe(404)
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('lets 255-character and 10 KB ids reach auth and validation: 200 for the owner, 403 for another, 422 for a task id', async () => {
    const long = 'u'.repeat(255)
    expect((await h.as(long, { method: 'GET', url: `/api/${long}/tasks` })).statusCode).toBe(200)
    const huge = 'v'.repeat(10 * 1024)
    expect((await h.as('alice', { method: 'GET', url: `/api/${huge}/tasks` })).json().code).toBe('FORBIDDEN_USER_MISMATCH')
    expect((await h.app.inject({ method: 'GET', url: `/api/${huge}/tasks` })).json().code).toBe('AUTH_TOKEN_MISSING')
    const task = await h.as('alice', { method: 'GET', url: `/api/alice/tasks/${huge}` })
    expect(task.statusCode).toBe(422)
    expect(task.body).not.toContain(huge)
  })

  it("a parameter beyond any HTTP header limit (only inject can send one) still gets the registry 404, not Fastify's 414", async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/${'w'.repeat(64 * 1024)}/tasks` })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('ROUTE_NOT_FOUND')
  })

  it("over real HTTP, a header block over Node's limit gets Node's bodiless 431, not a Fastify JSON body", async () => {
    const url = await h.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = new URL(url)
    for (const [request, status] of [
      [`GET /api/alice/tasks HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, 431],
      ['GET /api/alice/tasks HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400],
    ] as const) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(request))
        let text = ''
        socket.on('data', (chunk) => {
          text += chunk
        })
        socket.on('end', () => resolve(text))
        socket.on('error', reject)
      })
      expect(answer).toMatch(new RegExp(`^HTTP/1.1 ${status} `))
      expect(answer).toMatch(/content-length: 0\r\n/i)
      expect(answer.split('\r\n\r\n')[1]).toBe('')
    }
  })
})

describe('F15: non-canonical base64url tokens (reference server)', () => {
  let h: ReferenceHarness
  let database: Database
  beforeAll(async () => {
    database = await openDatabase({ pgliteDataDir: 'memory://' })
    h = await startReferenceHarness({ database })
  })
  afterAll(async () => {
    await h?.close()
    await database?.close()
  })

  it('refuses TOKEN== and a flipped unused bit in the signature with 401 AUTH_TOKEN_MALFORMED', async () => {
    const token = await h.issuer.mint({ sub: 'alice' })
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const flipped = token.slice(0, -1) + alphabet[alphabet.indexOf(token.at(-1)!) ^ 1]
    for (const variant of [`${token}==`, flipped]) {
      const res = await h.app.inject({ method: 'GET', url: '/api/alice/tasks', headers: { authorization: `Bearer ${variant}` } })
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('AUTH_TOKEN_MALFORMED')
    }
    expect((await h.app.inject({ method: 'GET', url: '/api/alice/tasks', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200)
  })
})
