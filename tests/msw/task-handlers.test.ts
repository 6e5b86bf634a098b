import { getResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { MALFORMED_TOKENS, type HostileTokenKind } from '../../mocks/issuer/index.ts'
import { API, useMswMock } from './msw-harness.ts'

const mock = useMswMock()
const MISSING_ID = '3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12'

async function createAs(user: string, body: unknown = { title: 'Buy milk' }) {
  const { call, tokenFor } = mock()
  const token = await tokenFor(user)
  const created = await call('POST', `/api/${user}/tasks`, { token, body })
  expect(created.status).toBe(201)
  return { token, task: created.body }
}

/** Every task operation as (method, path, body) for a user and a task id. */
const operations = (user: string, id: string) =>
  [
    ['GET', `/api/${user}/tasks`, undefined],
    ['POST', `/api/${user}/tasks`, { title: 'x' }],
    ['GET', `/api/${user}/tasks/${id}`, undefined],
    ['PUT', `/api/${user}/tasks/${id}`, { title: 'x' }],
    ['DELETE', `/api/${user}/tasks/${id}`, undefined],
    ['PATCH', `/api/${user}/tasks/${id}/complete`, undefined],
  ] as const

describe('MSW task handlers: success paths (each answer checked against the contract)', () => {
  it('creates, gets, lists, updates, toggles and deletes a task', async () => {
    const { call } = mock()
    const { token, task } = await createAs('alice', { title: 'Buy milk', description: 'two litres' })
    expect(task).toMatchObject({ user_id: 'alice', title: 'Buy milk', description: 'two litres', completed: false })
    expect((await call('GET', `/api/alice/tasks/${task.id}`, { token })).body).toEqual(task)
    expect((await call('GET', '/api/alice/tasks', { token })).body).toEqual({ data: [task], count: 1 })
    expect((await call('PUT', `/api/alice/tasks/${task.id}`, { token, body: { title: 'Buy oat milk' } })).body).toMatchObject({
      title: 'Buy oat milk',
      description: 'two litres',
    })
    expect((await call('PATCH', `/api/alice/tasks/${task.id}/complete`, { token })).body.completed).toBe(true)
    const deleted = await call('DELETE', `/api/alice/tasks/${task.id}`, { token })
    expect([deleted.status, deleted.body]).toEqual([204, undefined])
    expect((await call('GET', `/api/alice/tasks/${task.id}`, { token })).status).toBe(404)
  })

  it('lists newest first', async () => {
    const { call } = mock()
    const { token, task: first } = await createAs('alice', { title: 'first' })
    const { task: second } = await createAs('alice', { title: 'second' })
    expect((await call('GET', '/api/alice/tasks', { token })).body.data.map((t: any) => t.id)).toEqual([second.id, first.id])
  })

  it('PUT keeps an omitted description, clears it with null, and moves updated_at forward every time', async () => {
    const { call } = mock()
    const { token, task } = await createAs('alice', { title: 'Buy milk', description: 'two litres' })
    const path = `/api/alice/tasks/${task.id}`
    const renamed = (await call('PUT', path, { token, body: { completed: true } })).body
    expect(renamed).toMatchObject({ title: 'Buy milk', description: 'two litres', completed: true, created_at: task.created_at })
    const cleared = (await call('PUT', path, { token, body: { description: null } })).body
    expect(cleared).toMatchObject({ description: null, completed: true })
    const toggled = (await call('PATCH', `${path}/complete`, { token })).body
    const stamps = [task, renamed, cleared, toggled].map((t) => Date.parse(t.updated_at))
    for (let i = 1; i < stamps.length; i += 1) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!)
  })

  it('accepts an empty body sent with Content-Type: application/json on PATCH and DELETE', async () => {
    const { call } = mock()
    const { token, task } = await createAs('alice')
    const headers = { 'content-type': 'application/json' }
    expect((await call('PATCH', `/api/alice/tasks/${task.id}/complete`, { token, headers, body: '' })).status).toBe(200)
    expect((await call('DELETE', `/api/alice/tasks/${task.id}`, { token, headers, body: '' })).status).toBe(204)
  })

  it('answers the probes without a token', async () => {
    const { call } = mock()
    expect((await call('GET', '/health')).body).toEqual({ status: 'ok' })
    expect((await call('GET', '/health/ready')).body).toEqual({ status: 'ok', database: 'ok' })
  })
})

describe('MSW task handlers: 401', () => {
  it.each(operations('alice', MISSING_ID))('%s %s without a token → 401 AUTH_TOKEN_MISSING with WWW-Authenticate: Bearer', async (method, path, body) => {
    const answer = await mock().call(method, path, { body })
    expect([answer.status, answer.body.code, answer.headers.get('www-authenticate')]).toEqual([401, 'AUTH_TOKEN_MISSING', 'Bearer'])
  })

  // The reference server's answers (tests/reference-server/token-verification.test.ts).
  it.each([
    ['Basic YWxpY2U6c2VjcmV0', 'AUTH_TOKEN_MISSING'],
    ['Bearer', 'AUTH_TOKEN_MALFORMED'],
  ])('Authorization "%s" → 401 %s', async (authorization, code) => {
    const answer = await mock().call('GET', '/api/alice/tasks', { headers: { authorization } })
    expect([answer.status, answer.body.code]).toEqual([401, code])
  })

  it.each(MALFORMED_TOKENS.map((t) => [t.kind, t.token]))('malformed token (%s) → 401 AUTH_TOKEN_MALFORMED', async (_kind, token) => {
    const answer = await mock().call('GET', '/api/alice/tasks', { token })
    expect([answer.status, answer.body.code]).toEqual([401, 'AUTH_TOKEN_MALFORMED'])
  })

  it.each<[HostileTokenKind, string]>([
    ['expired', 'AUTH_TOKEN_EXPIRED'],
    ['alg-none-lower', 'AUTH_TOKEN_INVALID'],
    ['alg-none-mixed', 'AUTH_TOKEN_INVALID'],
    ['hs256-key-confusion', 'AUTH_TOKEN_INVALID'],
    ['signature-corrupted', 'AUTH_TOKEN_INVALID'],
    ['wrong-issuer', 'AUTH_TOKEN_INVALID'],
    ['wrong-audience', 'AUTH_TOKEN_INVALID'],
    ['missing-subject', 'AUTH_TOKEN_INVALID'],
  ])('hostile token %s → 401 %s with WWW-Authenticate: Bearer error="invalid_token", token never echoed', async (kind, code) => {
    const token = await mock().issuer.mintHostile(kind, { sub: 'alice' })
    const answer = await mock().call('GET', '/api/alice/tasks', { token })
    expect([answer.status, answer.body.code, answer.headers.get('www-authenticate')]).toEqual([401, code, 'Bearer error="invalid_token"'])
    expect(JSON.stringify(answer.body)).not.toContain(token.split('.')[1])
  })

  it('401 comes before 422: a bad body without a token is a 401', async () => {
    expect((await mock().call('POST', '/api/alice/tasks', { body: { title: '' } })).status).toBe(401)
  })
})

describe('MSW task handlers: ownership (403, 404)', () => {
  it.each(operations('bob', MISSING_ID))("alice's token on %s %s → 403 FORBIDDEN_USER_MISMATCH", async (method, path, body) => {
    const token = await mock().tokenFor('alice')
    const answer = await mock().call(method, path, { token, body })
    expect([answer.status, answer.body.code]).toEqual([403, 'FORBIDDEN_USER_MISMATCH'])
  })

  it("403 comes before 422: an invalid body on another user's path is a 403", async () => {
    const token = await mock().tokenFor('alice')
    expect((await mock().call('POST', '/api/bob/tasks', { token, body: { title: '' } })).status).toBe(403)
  })

  it("bob on his own path with alice's task id → 404 for get, put, toggle and delete; alice's task is unchanged", async () => {
    const { call, tokenFor } = mock()
    const { token: aliceToken, task } = await createAs('alice')
    const bob = await tokenFor('bob')
    for (const [method, path, body] of operations('bob', task.id).slice(2)) {
      const answer = await call(method, path, { token: bob, body })
      expect([method, answer.status, answer.body.code]).toEqual([method, 404, 'TASK_NOT_FOUND'])
    }
    expect((await call('GET', `/api/alice/tasks/${task.id}`, { token: aliceToken })).body).toEqual(task)
    expect((await call('GET', '/api/bob/tasks', { token: bob })).body).toEqual({ data: [], count: 0 })
  })
})

describe('MSW task handlers: input (422, 413)', () => {
  it.each([
    ['empty title', { title: '' }, ['body', 'title'], 'minLength'],
    ['title over 255', { title: 'x'.repeat(256) }, ['body', 'title'], 'maxLength'],
    ['no title', { description: 'd' }, ['body', 'title'], 'required'],
    ['a user_id', { title: 't', user_id: 'bob' }, ['body', 'user_id'], 'additionalProperties'],
    ['an id', { title: 't', id: MISSING_ID }, ['body', 'id'], 'additionalProperties'],
    ['description over 2000', { title: 't', description: 'd'.repeat(2001) }, ['body', 'description'], 'maxLength'],
    ['a NUL in the title', { title: 'a\u0000b' }, ['body', 'title'], 'pattern'],
    ['a non-object body', ['title'], ['body'], 'type'],
  ])('POST with %s → 422 VALIDATION_FAILED at the field', async (_name, body, loc, type) => {
    const token = await mock().tokenFor('alice')
    const answer = await mock().call('POST', '/api/alice/tasks', { token, body })
    expect([answer.status, answer.body.code]).toEqual([422, 'VALIDATION_FAILED'])
    expect(answer.body.errors).toContainEqual(expect.objectContaining({ loc, type }))
  })

  it('PUT with a non-boolean completed, no body, broken JSON or another media type → 422', async () => {
    const { call } = mock()
    const { token, task } = await createAs('alice')
    const path = `/api/alice/tasks/${task.id}`
    for (const options of [{ body: { completed: 'yes' } }, {}, { body: '{"title":' }, { body: 'title=x', headers: { 'content-type': 'text/plain' } }]) {
      const answer = await call('PUT', path, { token, ...options })
      expect([answer.status, answer.body.code]).toEqual([422, 'VALIDATION_FAILED'])
    }
    expect((await call('GET', path, { token })).body).toEqual(task)
  })

  it.each(['GET', 'PUT', 'DELETE'] as const)('%s with a task id that is not a UUID → 422 at path.task_id', async (method) => {
    const token = await mock().tokenFor('alice')
    const answer = await mock().call(method, '/api/alice/tasks/not-a-uuid', { token, ...(method === 'PUT' && { body: { title: 'x' } }) })
    expect(answer.status).toBe(422)
    expect(answer.body.errors).toContainEqual(expect.objectContaining({ loc: ['path', 'task_id'], type: 'format' }))
  })

  it('a body over 64 KiB → 413 PAYLOAD_TOO_LARGE, but only after the token was checked', async () => {
    const token = await mock().tokenFor('alice')
    const body = { title: 't', description: 'x'.repeat(70_000) }
    const tooLarge = await mock().call('POST', '/api/alice/tasks', { token, body })
    expect([tooLarge.status, tooLarge.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    expect((await mock().call('POST', '/api/alice/tasks', { body })).status).toBe(401)
  })
})

describe('MSW task handlers: HEAD and exact paths (security review F9, same in the browser worker)', () => {
  it("serves HEAD like GET, with GET's checks and headers and no body", async () => {
    const { call } = mock()
    const { token } = await createAs('alice')
    const answers = [await call('HEAD', '/api/alice/tasks'), await call('HEAD', '/api/bob/tasks', { token }), await call('HEAD', '/api/alice/tasks', { token })]
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [401, undefined],
      [403, undefined],
      [200, undefined],
    ])
    expect(answers[0]!.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(answers[2]!.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('reads a trailing slash after tasks as an empty task id, and an empty user id as another user, as Fastify routes them', async () => {
    const { call, tokenFor } = mock()
    const token = await tokenFor('alice')
    const [slash, empty] = [await call('GET', '/api/alice/tasks/', { token }), await call('GET', '/api//tasks', { token })]
    expect([slash.status, slash.body.errors[0].loc]).toEqual([422, ['path', 'task_id']])
    expect([empty.status, empty.body.code]).toEqual([403, 'FORBIDDEN_USER_MISMATCH'])
  })

  it.each([`/api/alice/tasks/${MISSING_ID}/`, '/api/alice/tasks//', '/api/alice/tasks/x/y'])(
    'matches no handler for %s (no trailing-slash leniency)',
    async (path) => {
      const { mock: handlers, tokenFor } = mock()
      // No handler takes it: the HTTP server answers 404 ROUTE_NOT_FOUND, a browser worker lets it pass.
      const request = new Request(`${API}${path}`, { headers: { authorization: `Bearer ${await tokenFor('alice')}` } })
      expect(await getResponse(handlers.handlers, request)).toBeUndefined()
    },
  )
})
