import { createServer } from 'node:http'
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest'
import { createTaskApiClient } from '../../contracts/task-api-client.ts'
import type { ApiError, TaskList, TaskListQuery } from '../../contracts/task-api-client.ts'
import { PROBLEM_CONTENT_TYPE, problem } from '../../contracts/error-registry.ts'
import { SAMPLE_TASK } from '../support/sample-task.ts'

interface RecordedRequest {
  method: string | undefined
  url: string | undefined
  headers: IncomingHttpHeaders
}

const LIST: TaskList = {
  count: 1,
  data: [SAMPLE_TASK],
}
const TOKEN = 'header.payload.signature'

const requests: RecordedRequest[] = []
let server: Server
let baseUrl: string

beforeAll(async () => {
  // Alice's list answers 200; any other user gets the registry's 403 problem body.
  server = createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, headers: req.headers })
    if (req.url === '/api/user_alice/tasks') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(LIST))
    } else {
      res.writeHead(403, { 'content-type': PROBLEM_CONTENT_TYPE }).end(JSON.stringify(problem('FORBIDDEN_USER_MISMATCH')))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())))
})

afterEach(() => {
  requests.length = 0
  vi.restoreAllMocks()
})

const listAlice = { params: { path: { user_id: 'user_alice' } } }

describe('createTaskApiClient', () => {
  it('sends the token from getToken as a bearer Authorization header to the templated path', async () => {
    const client = createTaskApiClient({ baseUrl, getToken: () => TOKEN })
    const { data, error, response } = await client.GET('/api/{user_id}/tasks', listAlice)

    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/api/user_alice/tasks' })
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(response.status).toBe(200)
    expect(error).toBeUndefined()
    expectTypeOf(data).toEqualTypeOf<TaskList | undefined>()
    expect(data).toEqual(LIST)
  })

  it('sends limit and offset as the query of the list, and no query when none is given', async () => {
    const client = createTaskApiClient({ baseUrl, getToken: () => TOKEN })
    const query: TaskListQuery = { limit: 25, offset: 50 }
    await client.GET('/api/{user_id}/tasks', { params: { path: { user_id: 'user_alice' }, query } })
    await client.GET('/api/{user_id}/tasks', listAlice)
    expect(requests.map((r) => r.url)).toEqual(['/api/user_alice/tasks?limit=25&offset=50', '/api/user_alice/tasks'])
    expectTypeOf<TaskListQuery>().toEqualTypeOf<{ limit?: number; offset?: number }>()
  })

  it('awaits an async getToken', async () => {
    const client = createTaskApiClient({ baseUrl, getToken: async () => TOKEN })
    await client.GET('/api/{user_id}/tasks', listAlice)
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`)
  })

  it.each([
    ['getToken yields undefined', { getToken: () => undefined }],
    ['getToken yields an empty string', { getToken: () => '' }],
    ['no getToken is given', {}],
  ])('sends no Authorization header when %s', async (_case, options) => {
    const client = createTaskApiClient({ baseUrl, ...options })
    const { data } = await client.GET('/api/{user_id}/tasks', listAlice)
    expect(data).toEqual(LIST)
    expect(requests).toHaveLength(1)
    expect(requests[0]?.headers).not.toHaveProperty('authorization')
  })

  it('keeps an Authorization header set explicitly on the request', async () => {
    const client = createTaskApiClient({ baseUrl, getToken: () => TOKEN })
    await client.GET('/api/{user_id}/tasks', { ...listAlice, headers: { Authorization: 'Bearer not-a-jwt' } })
    expect(requests[0]?.headers.authorization).toBe('Bearer not-a-jwt')
  })

  it('returns an error answer in error, not data', async () => {
    const client = createTaskApiClient({ baseUrl, getToken: () => TOKEN })
    const { data, error, response } = await client.GET('/api/{user_id}/tasks', { params: { path: { user_id: 'user_bob' } } })
    expect(response.status).toBe(403)
    expect(data).toBeUndefined()
    expectTypeOf(error).toEqualTypeOf<ApiError | undefined>()
    expect(error).toEqual(problem('FORBIDDEN_USER_MISMATCH'))
  })

  it('uses the given fetch implementation', async () => {
    const spy = vi.fn<typeof fetch>((input, init) => fetch(input, init))
    const client = createTaskApiClient({ baseUrl, getToken: () => TOKEN, fetch: spy })
    await client.GET('/api/{user_id}/tasks', listAlice)
    expect(spy).toHaveBeenCalledTimes(1)
    expect(requests).toHaveLength(1)
  })

  it('never writes the token to the console', async () => {
    const spies = (['log', 'info', 'debug', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m))
    const client = createTaskApiClient({ baseUrl, getToken: () => TOKEN })
    await client.GET('/api/{user_id}/tasks', listAlice)
    await client.GET('/api/{user_id}/tasks', { params: { path: { user_id: 'user_bob' } } })
    const written = spies.flatMap((spy) => spy.mock.calls.flat().map(String))
    expect(written.filter((line) => line.includes(TOKEN))).toEqual([])
  })
})
