import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { listOperations, createContractValidator } from '../../contracts/contract-schemas.ts'
import { loadContract } from '../../contracts/load-contract.ts'
import { startReferenceHarness, useReferenceHarness, type ReferenceHarness } from '../support/reference-harness.ts'
import { failingDatabase } from '../support/failing-database.ts'

type Scenario = (h: ReferenceHarness, user: string) => Promise<LightMyRequestResponse>

const tasksOf = (user: string) => `/api/${user}/tasks`
const taskOf = (user: string, id: string) => `/api/${user}/tasks/${id}`

async function createTask(h: ReferenceHarness, user: string, title = 'Buy milk'): Promise<string> {
  const res = await h.as(user, { method: 'POST', url: tasksOf(user), payload: { title } })
  expect(res.statusCode).toBe(201)
  return res.json().id
}

/** Requests that are refused the same way by every task operation, built from its method and path. */
function common(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', path: (user: string, id: string) => string, body?: object): Record<string, Scenario> {
  const payload = body ? { payload: body } : {}
  return {
    '401': (h, user) => h.app.inject({ method, url: path(user, randomUUID()), ...payload }),
    '403': (h, user) => h.as(user, { method, url: path(`${user}_other`, randomUUID()), ...payload }),
    '421': misdirected(method, (user) => path(user, randomUUID()), body),
  }
}

/** A request whose Host names another site (DNS rebinding), refused before anything else. */
function misdirected(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', path: (user: string) => string, body?: object): Scenario {
  return (h, user) => h.as(user, { method, url: path(user), headers: { host: 'rebind.evil.example' }, ...(body && { payload: body }) })
}

const idPath =
  (suffix = '') =>
  (user: string, id: string) =>
    `${taskOf(user, id)}${suffix}`
const huge = { title: 'x', description: 'y'.repeat(70 * 1024) }

/** Every documented status of every operation, and how to make the reference server answer it. */
const SCENARIOS: Record<string, Record<string, Scenario>> = {
  listTasks: {
    ...common('GET', (u) => tasksOf(u)),
    '200': (h, user) => h.as(user, { method: 'GET', url: tasksOf(user) }),
    '422': (h, user) => h.as(user, { method: 'GET', url: `${tasksOf(user)}?limit=101` }),
  },
  createTask: {
    ...common('POST', (u) => tasksOf(u), { title: 'x' }),
    '201': (h, user) => h.as(user, { method: 'POST', url: tasksOf(user), payload: { title: 'Buy milk', description: 'Two litres' } }),
    '409': async (h, user) => {
      // A server of its own with a quota of one, on the same database.
      const small = await startReferenceHarness({ database: h.app.database, env: { MAX_TASKS_PER_USER: '1' } })
      try {
        expect((await small.as(user, { method: 'POST', url: tasksOf(user), payload: { title: 'the one' } })).statusCode).toBe(201)
        return await small.as(user, { method: 'POST', url: tasksOf(user), payload: { title: 'one too many' } })
      } finally {
        await small.close()
      }
    },
    '413': (h, user) => h.as(user, { method: 'POST', url: tasksOf(user), payload: huge }),
    '422': (h, user) => h.as(user, { method: 'POST', url: tasksOf(user), payload: { title: '' } }),
  },
  getTask: {
    ...common('GET', idPath()),
    '200': async (h, user) => h.as(user, { method: 'GET', url: taskOf(user, await createTask(h, user)) }),
    '404': (h, user) => h.as(user, { method: 'GET', url: taskOf(user, randomUUID()) }),
    '422': (h, user) => h.as(user, { method: 'GET', url: taskOf(user, 'not-a-uuid') }),
  },
  updateTask: {
    ...common('PUT', idPath(), { title: 'x' }),
    '200': async (h, user) => h.as(user, { method: 'PUT', url: taskOf(user, await createTask(h, user)), payload: { completed: true } }),
    '404': (h, user) => h.as(user, { method: 'PUT', url: taskOf(user, randomUUID()), payload: { title: 'x' } }),
    '413': async (h, user) => h.as(user, { method: 'PUT', url: taskOf(user, await createTask(h, user)), payload: huge }),
    '422': async (h, user) => h.as(user, { method: 'PUT', url: taskOf(user, await createTask(h, user)), payload: { completed: 'yes' } }),
  },
  deleteTask: {
    ...common('DELETE', idPath()),
    '204': async (h, user) => h.as(user, { method: 'DELETE', url: taskOf(user, await createTask(h, user)) }),
    '404': (h, user) => h.as(user, { method: 'DELETE', url: taskOf(user, randomUUID()) }),
    '422': (h, user) => h.as(user, { method: 'DELETE', url: taskOf(user, '1') }),
  },
  toggleTaskCompletion: {
    ...common('PATCH', idPath('/complete')),
    '200': async (h, user) => h.as(user, { method: 'PATCH', url: `${taskOf(user, await createTask(h, user))}/complete` }),
    '404': (h, user) => h.as(user, { method: 'PATCH', url: `${taskOf(user, randomUUID())}/complete` }),
    '422': (h, user) => h.as(user, { method: 'PATCH', url: `${taskOf(user, 'x')}/complete` }),
  },
  getHealth: { '200': (h) => h.app.inject({ method: 'GET', url: '/health' }), '421': misdirected('GET', () => '/health') },
  getReadiness: { '200': (h) => h.app.inject({ method: 'GET', url: '/health/ready' }), '421': misdirected('GET', () => '/health/ready') },
}

/** Documented statuses this server cannot produce, each with the reason. */
const UNREACHABLE: Record<string, string> = {
  'getHealth 500': 'liveness touches nothing that can fail',
  'getReadiness 500': 'a failing database answers 503, never 500',
  'getReadiness 503': 'covered with a failing database below',
}

const operations = listOperations(loadContract() as never)
const validator = await createContractValidator()
const harness = useReferenceHarness()
const database = () => harness().app.database

describe('every documented status of every operation', () => {
  const cases = operations.flatMap((op) =>
    op.responses
      .filter((status) => !['500', '503'].includes(status) && !UNREACHABLE[`${op.operationId} ${status}`])
      .map((status) => [op.operationId, status] as const),
  )

  it('has a scenario for every documented status', () => {
    const missing = cases.filter(([op, status]) => !SCENARIOS[op]?.[status]).map((c) => c.join(' '))
    expect(missing).toEqual([])
  })

  it.each(cases)('%s answers %s with a body the contract accepts', async (operationId, status) => {
    const res = await SCENARIOS[operationId]![status]!(harness(), `user_${randomUUID()}`)
    expect(res.statusCode).toBe(Number(status))
    const contentType = String(res.headers['content-type'] ?? '').split(';')[0]!
    const body = res.body === '' ? undefined : res.json()
    const result = validator.validateResponse(operationId, Number(status), contentType, body)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    if (status === '401') expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
  })
})

describe('server failures', () => {
  let broken: { harness: ReferenceHarness; database: ReturnType<typeof failingDatabase> }

  beforeAll(async () => {
    const db = failingDatabase(database())
    broken = { harness: await startReferenceHarness({ database: db }), database: db }
  })
  afterAll(async () => broken?.harness.close())

  const taskOps = operations.filter((op) => op.secured)
  it.each(taskOps.map((op) => [op.operationId, op.method, op.path] as const))(
    '%s answers 500 without internals when the database fails unexpectedly',
    async (operationId, method, path) => {
      broken.database.failWith(new Error('relation "tasks" does not exist at /srv/app/secret.py:42'))
      const user = `user_${randomUUID()}`
      const url = path.replace('{user_id}', user).replace('{task_id}', randomUUID())
      const res = await broken.harness.as(user, { method: method as never, url, ...(['POST', 'PUT'].includes(method) && { payload: { title: 'x' } }) })
      expect(res.statusCode).toBe(500)
      expect(res.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', detail: 'Internal server error' })
      expect(res.body).not.toMatch(/secret|relation|\.py|at \w+ \(/)
      expect(validator.validateResponse(operationId, 500, 'application/problem+json', res.json()).valid).toBe(true)
    },
  )

  it.each(taskOps.map((op) => [op.operationId, op.method, op.path] as const))(
    '%s answers 503 when the database is unreachable',
    async (operationId, method, path) => {
      broken.database.failWith(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))
      const user = `user_${randomUUID()}`
      const url = path.replace('{user_id}', user).replace('{task_id}', randomUUID())
      const res = await broken.harness.as(user, { method: method as never, url, ...(['POST', 'PUT'].includes(method) && { payload: { title: 'x' } }) })
      expect(res.statusCode).toBe(503)
      expect(res.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
      expect(res.body).not.toContain('5432')
      expect(validator.validateResponse(operationId, 503, 'application/problem+json', res.json()).valid).toBe(true)
    },
  )

  it('reports not ready (503) while the database fails, and ready again when it answers', async () => {
    broken.database.failWith(new Error('down'))
    const down = await broken.harness.app.inject({ method: 'GET', url: '/health/ready' })
    expect(down.statusCode).toBe(503)
    expect(down.json()).toEqual({ status: 'unavailable', database: 'unavailable' })
    expect(validator.validateResponse('getReadiness', 503, 'application/json', down.json()).valid).toBe(true)
    broken.database.heal()
    const up = await broken.harness.app.inject({ method: 'GET', url: '/health/ready' })
    expect(up.statusCode).toBe(200)
  })

  it('keeps liveness at 200 while the database fails', async () => {
    broken.database.failWith(new Error('down'))
    expect((await broken.harness.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
  })
})

describe('/openapi.json', () => {
  it('serves the contract itself', async () => {
    const { loadContract } = await import('../../contracts/load-contract.ts')
    const res = await harness().app.inject({ method: 'GET', url: '/openapi.json' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.json()).toEqual(loadContract())
  })
})
