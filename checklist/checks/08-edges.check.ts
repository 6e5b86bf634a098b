import { describe } from 'vitest'
import { check, skipCheck } from '../support/define-check.ts'
import { call, createTaskAs, operation, pathOf, urlOf } from '../support/api.ts'
import { expectExchange, expectStatus, send, type Exchange } from '../support/exchange.ts'
import { sendRaw } from '../support/send-raw.ts'
import { listOf, ownerOf, taskIdOf, taskOf, timestampsOf } from '../support/task-shape.ts'
import { authFor } from '../support/tokens.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What a refused odd path may answer: bad request, forbidden, not found, not allowed, too long, invalid. */
const REFUSALS = [400, 403, 404, 405, 414, 422]

/** What answered a 2xx for a path no task or user has: another route, or a lookup bent into a real one. */
function whatAnswered(ex: Exchange, asked: 'task' | 'list'): string {
  const body = ex.response.json as Record<string, unknown> | undefined
  if (asked === 'task' && listOf(body)) return 'a task list where one task was asked for: the path reached another route'
  if (body && 'openapi' in body) return 'the OpenAPI document: the path reached another route'
  if (body && 'status' in body && !('title' in body)) return 'the health probe: the path reached another route'
  return 'a 2xx for an id no task or user has'
}

/** Expects a refusal (4xx) for an odd path, never a 5xx and never another route's 2xx. */
function expectRefusedPath(ex: Exchange, asked: 'task' | 'list'): void {
  const s = ex.response.status
  expectExchange(s < 500, 'a 4xx for an odd path parameter, never a 5xx', ex)
  expectExchange(s < 200 || s >= 300, `a 4xx, not ${whatAnswered(ex, asked)}`, ex)
  expectExchange(REFUSALS.includes(s), `a 4xx (${REFUSALS.join(', ')})`, ex)
}

/** The two timestamps of a task body, or undefined when there is no task in it. */
function stampsOf(body: unknown): { created: unknown; updated: unknown } | undefined {
  const task = taskOf(body)
  return task ? timestampsOf(task) : undefined
}

/** A timestamp as epoch ms: ISO strings, or epoch numbers (seconds below 1e11, else ms). */
function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value
  if (typeof value !== 'string') return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** Whether a timestamp carries whole seconds only (then changes must be a second apart to show). */
const wholeSeconds = (value: unknown) => (typeof value === 'number' ? value < 1e11 && Number.isInteger(value) : !/:\d\d[.,]\d/.test(String(value)))

describe('Edges: precedence, odd parameters, timestamps, clearing', () => {
  check(
    'BOLA-005',
    async (ctx) => {
      const { id } = await createTaskAs(ctx, 'a')
      const invalid: { label: string; json?: unknown; body?: string }[] = [
        { label: 'an empty title', json: { title: '' } },
        // Prism's validation proxy answers an unparseable body itself (400): the backend never sees it.
        ...(ctx.capabilities.includes('prism-proxy') ? [] : [{ label: 'a body that is not JSON', body: 'this is {not json' }]),
      ]
      for (const op of [operation('createTask'), operation('updateTask')]) {
        for (const { label, json, body } of invalid) {
          const headers = { ...(await authFor(ctx, 'b')), 'content-type': 'application/json' }
          const ex = await call(ctx, op, {
            headers,
            pathUser: ctx.users.a.id,
            taskId: id,
            ...(json !== undefined && { json }),
            ...(body !== undefined && { body }),
          })
          expectExchange(
            ex.response.status === 403,
            ex.response.status === 422
              ? `403 for B on A's path with ${label}: the 422 means the body was validated before ownership was checked (order 401 → 403 → 422)`
              : `403 for B on A's path with ${label}`,
            ex,
          )
        }
      }
    },
    'createTask and updateTask',
  )

  check(
    'INPUT-010',
    async (ctx) => {
      const { id: bTask } = await createTaskAs(ctx, 'b', { title: "B's task, never in A's list" })
      const { id: aTask } = await createTaskAs(ctx, 'a', { title: "A's task for odd queries" })
      const queries = [
        'sort_by=metadata',
        'sort=__class__',
        'order_by=password',
        'order=desc;DROP',
        'limit=-1',
        'limit=abc',
        'offset=1e999',
        `user_id=${encodeURIComponent(ctx.users.b.id)}`,
        'completed=maybe',
        'q=%00',
        'page[size]=1',
        'limit=1&limit=2&sort=title&sort=__dict__',
      ]
      const headers = await authFor(ctx, 'a')
      // Which tasks come back says something only about a target that stores them per user.
      const stateful = ctx.capabilities.includes('persistence') && ctx.capabilities.includes('ownership')
      for (const query of queries) {
        const list = await send({
          method: 'GET',
          url: `${urlOf(ctx, operation('listTasks').path, { user_id: ctx.users.a.id })}?${query}`,
          headers,
          operationId: 'listTasks',
        })
        expectExchange(list.response.status < 500, `never a 5xx for ?${query}`, list)
        if (stateful && list.response.status < 300) {
          const tasks = listOf(list.response.json) ?? []
          expectExchange(
            !tasks.some((t) => String(t.id) === bTask) && tasks.every((t) => [undefined, ctx.users.a.id].includes(ownerOf(t) as string)),
            `only A's tasks for ?${query}`,
            list,
          )
        }
        const one = await send({
          method: 'GET',
          url: `${urlOf(ctx, operation('getTask').path, { user_id: ctx.users.a.id, task_id: aTask })}?${query}`,
          headers,
          operationId: 'getTask',
        })
        expectExchange(one.response.status < 500, `never a 5xx for ?${query}`, one)
        if (stateful && one.response.status < 300) expectExchange(taskIdOf(one.response.json) === aTask, `A's task itself for ?${query}`, one)
      }
    },
    'listTasks and getTask',
  )

  check(
    'INPUT-011',
    async (ctx) => {
      const headers = await authFor(ctx, 'a')
      const a = encodeURIComponent(ctx.users.a.id)
      const tasksOf = (user: string) => pathOf(ctx, '/api/{user_id}/tasks').replace('{user_id}', user)
      // Prism (the prism target, or --proxy) exits on an undecodable escape: that is Prism, not the backend.
      const undecodable = ctx.target === 'prism' || ctx.capabilities.includes('prism-proxy') ? [] : ['%ZZ']
      // Raw path text, sent as is: each one is encoded exactly once, here.
      const taskIds = [
        '..%2F..%2Fhealth',
        '..%2F..%2F..%2Fhealth',
        `..%2F..%2F${a}%2Ftasks`,
        '%2e%2e',
        'abc%23frag',
        'x%3Fq%3D1',
        '%00',
        '-1',
        '0',
        '1e3',
        '%201',
        'x'.repeat(300),
        'null',
        'undefined',
        '[]',
        ...undecodable,
      ]
      for (const id of taskIds) expectRefusedPath(await sendRaw(ctx, 'getTask', `${tasksOf(a)}/${id}`, headers), 'task')
      // A's token on odd user paths: never A's list, never another route (a target without ownership answers anyone).
      if (!ctx.capabilities.includes('ownership')) return
      for (const user of ['u'.repeat(255), '%2e%2e', '..%2F', `${a}%2F..`, ...undecodable]) {
        expectRefusedPath(await sendRaw(ctx, 'listTasks', tasksOf(user), headers), 'list')
      }
    },
    'encoded separators, odd task ids, long and dotted user ids',
  )

  check(
    'DATA-003',
    async (ctx) => {
      const { id, exchange: created } = await createTaskAs(ctx, 'a', { title: 'timestamps', description: 'watched' })
      const first = stampsOf(created.response.json)
      if (first?.created === undefined || first.updated === undefined) skipCheck('the task body has no created_at/updated_at (nor createdAt/updatedAt)')
      if (timeOf(first!.created) === undefined || timeOf(first!.updated) === undefined) skipCheck(`the timestamps are not dates (${JSON.stringify(first)})`)
      // Wait long enough that a later time shows at the backend's precision.
      const pause = wholeSeconds(first!.updated) ? 1_100 : 20
      let previous: { ex: Exchange; updated: unknown } = { ex: created, updated: first!.updated }
      const changes = [
        { op: operation('updateTask'), json: { title: 'timestamps, renamed' } as unknown },
        { op: operation('toggleTaskCompletion'), json: undefined },
        { op: operation('updateTask'), json: { completed: false } },
      ]
      for (const { op, json } of changes) {
        await sleep(pause)
        const ex = await call(ctx, op, { who: 'a', taskId: id, ...(json !== undefined && { json }) })
        expectStatus(ex, '2xx')
        const now = stampsOf(ex.response.json) ?? stampsOf((await call(ctx, operation('getTask'), { who: 'a', taskId: id })).response.json)
        expectExchange(
          timeOf(now?.created) === timeOf(first!.created),
          `created_at unchanged (${String(first!.created)}), not ${String(now?.created)}`,
          ex,
          created,
        )
        expectExchange(
          (timeOf(now?.updated) ?? 0) > timeOf(previous.updated)!,
          `updated_at later than before the change (${String(previous.updated)}), not ${String(now?.updated)}`,
          ex,
          previous.ex,
        )
        previous = { ex, updated: now!.updated }
      }
      const read = await call(ctx, operation('getTask'), { who: 'a', taskId: id })
      expectStatus(read, 200)
      expectExchange(
        timeOf(stampsOf(read.response.json)?.updated) === timeOf(previous.updated),
        'GET shows the updated_at of the last change',
        read,
        previous.ex,
      )
    },
    'PUT, PATCH toggle, PUT',
  )

  check('DATA-004', async (ctx) => {
    const { id, exchange } = await createTaskAs(ctx, 'a', { title: 'description to clear', description: 'clear me' })
    // Cleared is only observable where the description was shown to be set.
    if (taskOf(exchange.response.json)?.description !== 'clear me')
      skipCheck('the create answer does not show the description, so clearing it cannot be observed')
    const put = await call(ctx, operation('updateTask'), { who: 'a', taskId: id, json: { description: null } })
    expectExchange(put.response.status >= 200 && put.response.status < 300, 'a 2xx: the contract\'s TaskUpdate takes {"description": null} alone', put)
    const read = await call(ctx, operation('getTask'), { who: 'a', taskId: id })
    expectStatus(read, 200)
    const task = taskOf(read.response.json)
    expectExchange(task !== undefined, 'a task body', read)
    const description = task!.description
    expectExchange(
      [null, undefined, ''].includes(description as string),
      `the description cleared (null, absent or ""), not ${JSON.stringify(description)}`,
      read,
      put,
    )
  })
})
