import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createContractValidator } from '../../contracts/contract-schemas.ts'
import { problem } from '../../contracts/error-registry.ts'
import { startReferenceHarness, useReferenceHarness, type ReferenceHarness } from '../support/reference-harness.ts'

/**
 * F5 over HTTP: the list is paged (limit 1–100, default 100; offset ≥ 0), newest first with ties
 * broken by id, `count` is the total, and a create beyond MAX_TASKS_PER_USER is a 409 registry body.
 */

const tasksOf = (user: string) => `/api/${user}/tasks`
const validator = await createContractValidator()
const harness = useReferenceHarness()

/** Creates `n` tasks for `user` through SQL (fast), all in one millisecond so only the id orders them. */
async function seed(h: ReferenceHarness, user: string, n: number): Promise<void> {
  await h.app.database.pool.query(
    `INSERT INTO tasks (user_id, title, created_at, updated_at)
     SELECT $1, 'task ' || g, '2026-01-14T09:30:00Z', '2026-01-14T09:30:00Z' FROM generate_series(1, $2::int) g`,
    [user, n],
  )
}

const list = (h: ReferenceHarness, user: string, query = '') => h.as(user, { method: 'GET', url: `${tasksOf(user)}${query}` })

describe('GET /api/{user_id}/tasks pagination', () => {
  it('answers a client without query parameters with the first 100 tasks and the total', async () => {
    const user = `u_${randomUUID()}`
    await seed(harness(), user, 120)
    const res = await list(harness(), user)
    expect(res.statusCode).toBe(200)
    expect(res.json().data).toHaveLength(100)
    expect(res.json().count).toBe(120)
    expect(validator.validateResponse('listTasks', 200, 'application/json', res.json()).errors).toEqual([])
  })

  it('pages newest first without overlap or gap, count staying the total', async () => {
    const user = `u_${randomUUID()}`
    await seed(harness(), user, 7)
    const newest = (await harness().as(user, { method: 'POST', url: tasksOf(user), payload: { title: 'newest' } })).json()
    const all = (await list(harness(), user)).json()
    const pages = await Promise.all([0, 3, 6].map(async (offset) => (await list(harness(), user, `?limit=3&offset=${offset}`)).json()))
    expect(pages.map((p) => p.count)).toEqual([8, 8, 8])
    expect(pages.map((p) => p.data.length)).toEqual([3, 3, 2])
    const ids = pages.flatMap((p) => p.data.map((t: { id: string }) => t.id))
    expect(ids).toEqual(all.data.map((t: { id: string }) => t.id))
    expect(new Set(ids).size).toBe(8)
    expect(ids[0]).toBe(newest.id)
    // Same timestamp below the newest: the ids decide, descending.
    expect(ids.slice(1)).toEqual([...ids.slice(1)].sort().reverse())
    expect((await list(harness(), user, '?offset=8')).json()).toEqual({ data: [], count: 8 })
    expect((await list(harness(), user, '?offset=99999999999999999999')).json()).toEqual({ data: [], count: 8 })
  })

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=1e2', 'limit'],
    ['limit=', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=x', 'offset'],
  ])('refuses ?%s with 422 VALIDATION_FAILED at query.%s', async (query, name) => {
    const user = `u_${randomUUID()}`
    const res = await list(harness(), user, `?${query}`)
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ loc: ['query', name] })] })
    expect(validator.validateResponse('listTasks', 422, 'application/problem+json', res.json()).errors).toEqual([])
  })

  it('ignores query parameters the contract does not declare', async () => {
    const user = `u_${randomUUID()}`
    await seed(harness(), user, 2)
    expect((await list(harness(), user, '?page_size=1&sort_by=title')).json().data).toHaveLength(2)
  })

  it('checks ownership (403) before the query (422)', async () => {
    const res = await harness().as(`u_${randomUUID()}`, { method: 'GET', url: `${tasksOf('someone_else')}?limit=0` })
    expect(res.statusCode).toBe(403)
  })
})

describe('MAX_TASKS_PER_USER', () => {
  it('answers a create beyond the quota with the registry 409 and stores nothing', async () => {
    const small = await startReferenceHarness({ database: harness().app.database, env: { MAX_TASKS_PER_USER: '3' } })
    try {
      const user = `u_${randomUUID()}`
      await seed(small, user, 3)
      const res = await small.as(user, { method: 'POST', url: tasksOf(user), payload: { title: 'one too many' } })
      expect(res.statusCode).toBe(409)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.json()).toEqual(problem('TASK_QUOTA_EXCEEDED'))
      expect(res.json()).toMatchObject({ title: 'Conflict', detail: 'Task limit reached: delete tasks before creating more' })
      expect(validator.validateResponse('createTask', 409, 'application/problem+json', res.json()).errors).toEqual([])
      expect((await list(small, user)).json().count).toBe(3)
      // Deleting one makes room again.
      const [first] = (await list(small, user)).json().data
      expect((await small.as(user, { method: 'DELETE', url: `${tasksOf(user)}/${first.id}` })).statusCode).toBe(204)
      expect((await small.as(user, { method: 'POST', url: tasksOf(user), payload: { title: 'fits again' } })).statusCode).toBe(201)
    } finally {
      await small.close()
    }
  })

  it('keeps concurrent creates at the boundary within the quota', async () => {
    const small = await startReferenceHarness({ database: harness().app.database, env: { MAX_TASKS_PER_USER: '5' } })
    try {
      const user = `u_${randomUUID()}`
      await seed(small, user, 4)
      const statuses = await Promise.all(
        Array.from({ length: 8 }, (_, i) => small.as(user, { method: 'POST', url: tasksOf(user), payload: { title: `race ${i}` } }).then((r) => r.statusCode)),
      )
      expect(statuses.sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
      expect((await list(small, user)).json().count).toBe(5)
    } finally {
      await small.close()
    }
  })
})
