import { randomUUID } from 'node:crypto'
import { getResponse, http, passthrough } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import { createNodeMockHandlers } from '../../mocks/msw/index.ts'
import { problem } from '../../contracts/error-registry.ts'
import { useReferenceHarness } from '../support/reference-harness.ts'
import { API, useMswMock } from './msw-harness.ts'

/**
 * F5 on the MSW mock, and parity with the reference server: the same queries answer the same
 * status, code and `loc` on both, pages come newest first without overlap, `count` is the total,
 * and the quota is the same 409.
 */

const mock = useMswMock({ maxTasksPerUser: 5 })
const reference = useReferenceHarness({ MAX_TASKS_PER_USER: '5' })
// The mock intercepts this process's HTTP; the reference server's JWKS fetches must go through.
beforeEach(() => mock().server.use(http.get(`${reference().issuerUrl}/*`, () => passthrough())))

/** Query → the status both must answer, and for a 422 the refused parameter. */
const QUERIES: [query: string, status: number, refused?: string][] = [
  ['', 200],
  ['?limit=1', 200],
  ['?limit=100&offset=0', 200],
  ['?offset=4', 200],
  ['?offset=99999999999999999999', 200],
  ['?limit=007', 200],
  ['?page_size=1&sort_by=title', 200],
  ['?limit=0', 422, 'limit'],
  ['?limit=101', 422, 'limit'],
  ['?limit=abc', 422, 'limit'],
  ['?limit=1.5', 422, 'limit'],
  ['?limit=1e2', 422, 'limit'],
  ['?limit=', 422, 'limit'],
  ['?limit=%201', 422, 'limit'],
  ['?limit=1&limit=2', 422, 'limit'],
  ['?offset=-1', 422, 'offset'],
  ['?offset=1e999', 422, 'offset'],
]

/** Status, registry code and refused locations of one list answer: what must match on both. */
type Outcome = { status: number; code?: string; locs?: unknown[]; length?: number; count?: number }

function outcome(status: number, body: any): Outcome {
  if (status === 200) return { status, length: body.data.length, count: body.count }
  return { status, code: body.code, locs: body.errors?.map((e: { loc: unknown }) => e.loc) }
}

async function mockList(user: string, query: string): Promise<Outcome> {
  const { call, tokenFor } = mock()
  const res = await call('GET', `/api/${user}/tasks${query}`, { token: await tokenFor(user) })
  return outcome(res.status, res.body)
}

async function referenceList(user: string, query: string): Promise<Outcome> {
  const res = await reference().as(user, { method: 'GET', url: `/api/${user}/tasks${query}` })
  return outcome(res.statusCode, res.json())
}

async function createOnBoth(user: string, n: number): Promise<void> {
  const token = await mock().tokenFor(user)
  for (let i = 0; i < n; i++) {
    expect((await mock().call('POST', `/api/${user}/tasks`, { token, body: { title: `t${i}` } })).status).toBe(201)
    expect((await reference().as(user, { method: 'POST', url: `/api/${user}/tasks`, payload: { title: `t${i}` } })).statusCode).toBe(201)
  }
}

describe('list pagination: the mock answers as the reference server', () => {
  it.each(QUERIES)('GET …/tasks%s → %i on both', async (query, status, refused) => {
    const user = `pager_${Math.random().toString(36).slice(2)}`
    await createOnBoth(user, 3)
    const [fromMock, fromReference] = [await mockList(user, query), await referenceList(user, query)]
    expect(fromMock.status).toBe(status)
    expect(fromMock).toEqual(fromReference)
    if (refused) expect(fromMock).toMatchObject({ code: 'VALIDATION_FAILED', locs: [['query', refused]] })
  })

  it('pages newest first without overlap, count staying the total', async () => {
    const { call, tokenFor } = mock()
    const token = await tokenFor('alice')
    const created = []
    for (let i = 0; i < 5; i++) created.push((await call('POST', '/api/alice/tasks', { token, body: { title: `t${i}` } })).body.id)
    const pages = [
      await call('GET', '/api/alice/tasks?limit=2', { token }),
      await call('GET', '/api/alice/tasks?limit=2&offset=2', { token }),
      await call('GET', '/api/alice/tasks?limit=2&offset=4', { token }),
    ]
    expect(pages.map((p) => p.body.count)).toEqual([5, 5, 5])
    expect(pages.flatMap((p) => p.body.data.map((t: { id: string }) => t.id))).toEqual([...created].reverse())
    expect((await call('GET', '/api/alice/tasks', { token })).body.data).toHaveLength(5)
  })

  it('answers a client without parameters with the first 100 and the total', async () => {
    const { call, tokenFor, mock: m } = mock()
    m.store.seed(['crowd'], { perUser: 130 })
    const res = await call('GET', '/api/crowd/tasks', { token: await tokenFor('crowd') })
    expect([res.body.data.length, res.body.count]).toEqual([100, 130])
  })
})

describe('task quota: the mock answers as the reference server', () => {
  it('refuses the create beyond maxTasksPerUser with the registry 409 and stores nothing', async () => {
    const user = `quota_${Math.random().toString(36).slice(2)}`
    await createOnBoth(user, 5)
    const token = await mock().tokenFor(user)
    const fromMock = await mock().call('POST', `/api/${user}/tasks`, { token, body: { title: 'one too many' } })
    const fromReference = await reference().as(user, { method: 'POST', url: `/api/${user}/tasks`, payload: { title: 'one too many' } })
    expect(fromMock.status).toBe(409)
    expect(fromMock.body).toEqual(problem('TASK_QUOTA_EXCEEDED'))
    expect([fromReference.statusCode, fromReference.json()]).toEqual([409, fromMock.body])
    expect(mock().mock.store.count(user)).toBe(5)
  })

  it('lets exactly the free places through when creates arrive at once', async () => {
    const { call, tokenFor } = mock()
    const token = await tokenFor('racer')
    for (let i = 0; i < 3; i++) await call('POST', '/api/racer/tasks', { token, body: { title: `t${i}` } })
    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call('POST', '/api/racer/tasks', { token, body: { title: `race ${i}` } }).then((r) => r.status)),
    )
    expect(statuses.sort()).toEqual([201, 201, 409, 409, 409, 409])
    expect((await call('GET', '/api/racer/tasks', { token })).body.count).toBe(5)
  })

  it('defaults to 10,000 tasks per user, as MAX_TASKS_PER_USER does', async () => {
    const defaults = await createNodeMockHandlers({ validator: mock().validator, validateResponses: false })
    const at = new Date().toISOString()
    defaults.store.restore(
      Array.from({ length: 10_000 }, () => ({
        id: randomUUID(),
        user_id: 'full',
        title: 't',
        description: null,
        completed: false,
        created_at: at,
        updated_at: at,
      })),
    )
    const post = async () =>
      getResponse(
        defaults.handlers,
        new Request(`${API}/api/full/tasks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await defaults.issuer!.mint({ sub: 'full' })}`, 'content-type': 'application/json' },
          body: '{"title":"x"}',
        }),
      )
    expect((await post())?.status).toBe(409)
    defaults.store.delete('full', defaults.store.page('full', { limit: 1, offset: 0 }).tasks[0]!.id)
    expect((await post())?.status).toBe(201)
    expect((await post())?.status).toBe(409)
  })
})
