import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useReferenceHarness } from '../support/reference-harness.ts'

let alice: string
let bob: string

const harness = useReferenceHarness()

const newUsers = () => {
  alice = `alice_${randomUUID()}`
  bob = `bob_${randomUUID()}`
}

async function create(user: string, body: object = { title: 'Buy milk', description: 'Two litres' }) {
  const res = await harness().as(user, { method: 'POST', url: `/api/${user}/tasks`, payload: body })
  expect(res.statusCode).toBe(201)
  return res.json()
}
const get = (user: string, id: string, as = user) => harness().as(as, { method: 'GET', url: `/api/${user}/tasks/${id}` })

describe('ownership', () => {
  it("serves a user id of 255 characters, the contract's longest, to its owner, and refuses it to another user", async () => {
    const long = `u${randomUUID()}`.padEnd(255, 'x')
    const created = await harness().as(long, { method: 'POST', url: `/api/${long}/tasks`, payload: { title: 'long id' } })
    expect(created.statusCode).toBe(201)
    expect((await harness().as(long, { method: 'GET', url: `/api/${long}/tasks` })).json().count).toBe(1)
    expect((await harness().as(`alice_${randomUUID()}`, { method: 'GET', url: `/api/${long}/tasks` })).statusCode).toBe(403)
  })

  it("refuses another user's path with 403 on every task operation, and changes nothing", async () => {
    newUsers()
    const task = await create(alice)
    const attempts = [
      { method: 'GET', url: `/api/${alice}/tasks` },
      { method: 'POST', url: `/api/${alice}/tasks`, payload: { title: 'planted' } },
      { method: 'GET', url: `/api/${alice}/tasks/${task.id}` },
      { method: 'PUT', url: `/api/${alice}/tasks/${task.id}`, payload: { title: 'hacked' } },
      { method: 'PATCH', url: `/api/${alice}/tasks/${task.id}/complete` },
      { method: 'DELETE', url: `/api/${alice}/tasks/${task.id}` },
    ] as const
    for (const attempt of attempts) {
      const res = await harness().as(bob, attempt)
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(403)
      expect(res.json().code).toBe('FORBIDDEN_USER_MISMATCH')
    }
    const list = await harness().as(alice, { method: 'GET', url: `/api/${alice}/tasks` })
    expect(list.json()).toEqual({ data: [task], count: 1 })
  })

  it.each([
    ['GET', ''],
    ['PUT', ''],
    ['PATCH', '/complete'],
    ['DELETE', ''],
  ] as const)("answers 404 to %s of another user's task id on one's own path, and leaves it unchanged", async (method, suffix) => {
    newUsers()
    const task = await create(alice)
    const res = await harness().as(bob, {
      method,
      url: `/api/${bob}/tasks/${task.id}${suffix}`,
      ...(method === 'PUT' && { payload: { title: 'hacked', completed: true } }),
    })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('TASK_NOT_FOUND')
    // Indistinguishable from an id that never existed: same status, same body.
    const never = await harness().as(bob, {
      method,
      url: `/api/${bob}/tasks/${randomUUID()}${suffix}`,
      ...(method === 'PUT' && { payload: { title: 'hacked', completed: true } }),
    })
    expect(res.body).toBe(never.body)
    expect((await get(alice, task.id)).json()).toEqual(task)
  })

  it("never lists another user's tasks", async () => {
    newUsers()
    await create(alice, { title: 'alice 1' })
    await create(alice, { title: 'alice 2' })
    const bobsTask = await create(bob, { title: 'bob 1' })
    const res = await harness().as(bob, { method: 'GET', url: `/api/${bob}/tasks` })
    expect(res.json()).toEqual({ data: [bobsTask], count: 1 })
  })

  it.each([
    ['user_id', { user_id: 'someone_else' }],
    ['id', { id: randomUUID() }],
    ['created_at', { created_at: '2000-01-01T00:00:00.000Z' }],
    ['updated_at', { updated_at: '2000-01-01T00:00:00.000Z' }],
  ])('refuses a create body that sets %s (422) and stores nothing', async (_field, extra) => {
    newUsers()
    const res = await harness().as(alice, { method: 'POST', url: `/api/${alice}/tasks`, payload: { title: 'x', ...extra } })
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('VALIDATION_FAILED')
    expect((await harness().as(alice, { method: 'GET', url: `/api/${alice}/tasks` })).json().count).toBe(0)
    expect((await harness().as('someone_else', { method: 'GET', url: '/api/someone_else/tasks' })).json().count).toBe(0)
  })

  it.each(['user_id', 'id', 'created_at', 'updated_at'])('refuses an update body that sets %s (422) and leaves the task unchanged', async (field) => {
    newUsers()
    const task = await create(alice)
    const value = field === 'id' ? randomUUID() : field === 'user_id' ? bob : '2000-01-01T00:00:00.000Z'
    const res = await harness().as(alice, { method: 'PUT', url: `/api/${alice}/tasks/${task.id}`, payload: { title: 'changed', [field]: value } })
    expect(res.statusCode).toBe(422)
    expect((await get(alice, task.id)).json()).toEqual(task)
  })
})

describe('task semantics', () => {
  it('keeps the description when PUT omits it, and clears it with null', async () => {
    newUsers()
    const task = await create(alice, { title: 'a', description: 'keep me' })
    const renamed = (await harness().as(alice, { method: 'PUT', url: `/api/${alice}/tasks/${task.id}`, payload: { title: 'b' } })).json()
    expect(renamed).toMatchObject({ title: 'b', description: 'keep me', completed: false })
    const cleared = (await harness().as(alice, { method: 'PUT', url: `/api/${alice}/tasks/${task.id}`, payload: { description: null } })).json()
    expect(cleared).toMatchObject({ title: 'b', description: null })
  })

  it('moves updated_at forward on every change and never changes created_at', async () => {
    newUsers()
    const task = await create(alice)
    expect(task.updated_at).toBe(task.created_at)
    let previous = task.updated_at
    const changes = [
      { method: 'PUT', url: `/api/${alice}/tasks/${task.id}`, payload: { title: 'one' } },
      { method: 'PATCH', url: `/api/${alice}/tasks/${task.id}/complete` },
      { method: 'PATCH', url: `/api/${alice}/tasks/${task.id}/complete` },
      { method: 'PUT', url: `/api/${alice}/tasks/${task.id}`, payload: { completed: true } },
    ] as const
    for (const change of changes) {
      const after = (await harness().as(alice, change)).json()
      expect(Date.parse(after.updated_at)).toBeGreaterThan(Date.parse(previous))
      expect(after.created_at).toBe(task.created_at)
      previous = after.updated_at
    }
  })

  it('toggles completed back and forth', async () => {
    newUsers()
    const task = await create(alice)
    const url = `/api/${alice}/tasks/${task.id}/complete`
    expect((await harness().as(alice, { method: 'PATCH', url })).json().completed).toBe(true)
    expect((await harness().as(alice, { method: 'PATCH', url, headers: { 'content-type': 'application/json' } })).json().completed).toBe(false)
  })

  it('accepts a body-less DELETE and PATCH sent with Content-Type: application/json', async () => {
    newUsers()
    const task = await create(alice)
    const headers = { 'content-type': 'application/json' }
    expect((await harness().as(alice, { method: 'PATCH', url: `/api/${alice}/tasks/${task.id}/complete`, headers })).statusCode).toBe(200)
    expect((await harness().as(alice, { method: 'DELETE', url: `/api/${alice}/tasks/${task.id}`, headers })).statusCode).toBe(204)
    expect((await get(alice, task.id)).statusCode).toBe(404)
  })

  it('lists newest first with a matching count', async () => {
    newUsers()
    const first = await create(alice, { title: 'first' })
    const second = await create(alice, { title: 'second' })
    const list = (await harness().as(alice, { method: 'GET', url: `/api/${alice}/tasks` })).json()
    expect(list.data.map((t: { id: string }) => t.id)).toEqual([second.id, first.id])
    expect(list.count).toBe(2)
  })

  it.each([
    ['an empty title', { title: '' }],
    ['a 256-character title', { title: 'x'.repeat(256) }],
    ['a 2001-character description', { title: 'x', description: 'd'.repeat(2001) }],
    ['a number as title', { title: 42 }],
    ['a string as completed', { title: 'x', completed: 'true' }],
    ['a NUL character', { title: 'a\u0000b' }],
    ['no title', { description: 'x' }],
    ['an array body', [{ title: 'x' }]],
  ])('refuses %s with 422 and stores nothing', async (_name, body) => {
    newUsers()
    const res = await harness().as(alice, { method: 'POST', url: `/api/${alice}/tasks`, payload: body as object })
    expect(res.statusCode).toBe(422)
    expect(res.json().errors.length).toBeGreaterThan(0)
    expect((await harness().as(alice, { method: 'GET', url: `/api/${alice}/tasks` })).json().count).toBe(0)
  })

  it.each([
    ['invalid JSON', '{"title": '],
    ['an empty body', ''],
  ])('refuses %s on create with 422', async (_name, payload) => {
    newUsers()
    const res = await harness().as(alice, { method: 'POST', url: `/api/${alice}/tasks`, payload, headers: { 'content-type': 'application/json' } })
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('VALIDATION_FAILED')
  })

  it('stores a 255-character title and odd unicode exactly', async () => {
    newUsers()
    const title = `${'é'.repeat(250)}😀🚀ß`.slice(0, 255)
    const task = await create(alice, { title, description: 'RTL \u202e text, zero\u200bwidth, 𝔘𝔫𝔦' })
    expect((await get(alice, task.id)).json()).toMatchObject({ title, description: 'RTL \u202e text, zero\u200bwidth, 𝔘𝔫𝔦' })
  })
})
