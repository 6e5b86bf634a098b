import { randomUUID } from 'node:crypto'
import { describe } from 'vitest'
import { check, checkEach } from '../support/define-check.ts'
import { call, createTaskAs, operation, SECURED_OPERATIONS, TASK_ID_OPERATIONS, unusedTaskId } from '../support/api.ts'
import { expectExchange, expectStatus, type Exchange } from '../support/exchange.ts'
import { listOf, ownerOf, taskIdOf, taskOf, timestampsOf } from '../support/task-shape.ts'
import type { CheckContext } from '../check-context.ts'
import type { ContractOperation } from '../../contracts/contract-schemas.ts'

const byOp = (op: ContractOperation) => `${op.operationId} (${op.method} ${op.path})`

/** A's task as A sees it, to compare before and after an attack. */
async function snapshot(ctx: CheckContext, id: string) {
  const ex = await call(ctx, operation('getTask'), { who: 'a', taskId: id })
  expectStatus(ex, 200)
  return ex.response.text
}

describe('Ownership (BOLA) with two users', () => {
  checkEach('BOLA-001', SECURED_OPERATIONS, byOp, async (op, ctx) => {
    const { id } = await createTaskAs(ctx, 'a')
    const before = await snapshot(ctx, id)
    expectStatus(await call(ctx, op, { who: 'b', pathUser: ctx.users.a.id, taskId: id }), 403)
    const after = await snapshot(ctx, id)
    if (after !== before) throw new Error(`A's task changed after B's refused request:\nbefore ${before}\nafter  ${after}`)
  })

  checkEach('BOLA-002', TASK_ID_OPERATIONS, byOp, async (op, ctx) => {
    const { id } = await createTaskAs(ctx, 'a')
    const before = await snapshot(ctx, id)
    const ex = await call(ctx, op, { who: 'b', taskId: id, ...(op.method === 'PUT' && { json: { title: 'taken over by B', completed: true } }) })
    const never = await call(ctx, op, {
      who: 'b',
      taskId: unusedTaskId(ctx, id),
      ...(op.method === 'PUT' && { json: { title: 'taken over by B', completed: true } }),
    })
    // Both sides are shown: the other user's task and an id that never existed must be indistinguishable.
    expectExchange(ex.response.status === 404, "404 for another user's task", ex, never)
    expectExchange(never.response.status === ex.response.status, "another user's task answers exactly like a task that does not exist", ex, never)
    const after = await snapshot(ctx, id)
    if (after !== before) throw new Error(`A's task changed after B's request:\nbefore ${before}\nafter  ${after}`)
  })

  check('BOLA-003', async (ctx) => {
    const { id } = await createTaskAs(ctx, 'a', { title: 'only for A' })
    const ex = await call(ctx, operation('listTasks'), { who: 'b' })
    expectStatus(ex, 200)
    const list = listOf(ex.response.json)
    expectExchange(list !== undefined, 'a list of tasks', ex)
    expectExchange(!list!.some((t) => String(t.id) === id), "A's task is not in B's list", ex)
    expectExchange(
      list!.every((t) => ownerOf(t) === undefined || ownerOf(t) === ctx.users.b.id),
      "every listed task is B's",
      ex,
    )
  })

  /** One forged field per request: a backend that refuses one field must not hide one it honours. */
  const forgeries = (ctx: CheckContext): Record<string, unknown>[] => [
    { user_id: ctx.users.b.id },
    { userId: ctx.users.b.id },
    { id: randomUUID() },
    { created_at: '2000-01-01T00:00:00Z' },
    { updated_at: '2000-01-01T00:00:00Z' },
  ]
  const stamp = (task: Record<string, unknown> | undefined, name: 'created_at' | 'updated_at') =>
    String(timestampsOf(task)[name === 'created_at' ? 'created' : 'updated'] ?? '')

  /** The forged field did not take: owner, id and timestamps are the server's. */
  function expectNotForged(ctx: CheckContext, forged: Record<string, unknown>, ex: Exchange, createdAt?: string) {
    const task = taskOf(ex.response.json)
    expectExchange(ownerOf(task) === undefined || ownerOf(task) === ctx.users.a.id, "the owner is the token's user, not the body's user_id", ex)
    if ('id' in forged) expectExchange(taskIdOf(ex.response.json) !== forged.id, 'the server chose the id, not the body', ex)
    if ('created_at' in forged)
      expectExchange(
        !stamp(task, 'created_at').startsWith('2000-') && (createdAt === undefined || stamp(task, 'created_at') === createdAt),
        "created_at is the server's and never moves",
        ex,
      )
    if ('updated_at' in forged) expectExchange(!stamp(task, 'updated_at').startsWith('2000-'), 'the server set updated_at', ex)
  }

  check(
    'BOLA-004',
    async (ctx) => {
      for (const forged of forgeries(ctx)) {
        const title = `forged ${Object.keys(forged)[0]} ${randomUUID().slice(0, 8)}`
        const ex = await call(ctx, operation('createTask'), { who: 'a', json: { title, ...forged } })
        const bList = await call(ctx, operation('listTasks'), { who: 'b' })
        expectExchange(!(listOf(bList.response.json) ?? []).some((t) => t.title === title), "no task planted in B's list", bList)
        if (ex.response.status >= 400 && ex.response.status < 500) continue
        expectStatus(ex, '2xx')
        expectNotForged(ctx, forged, ex)
      }
    },
    'createTask',
  )

  checkEach('BOLA-004', [operation('updateTask'), operation('toggleTaskCompletion')], byOp, async (op, ctx) => {
    for (const forged of forgeries(ctx)) {
      const { id, exchange } = await createTaskAs(ctx, 'a', { title: 'not yours to take' })
      const createdAt = stamp(taskOf(exchange.response.json), 'created_at') || undefined
      const base = op.method === 'PUT' ? { title: "still A's" } : ((ctx.toggleBody as Record<string, unknown> | undefined) ?? {})
      const ex = await call(ctx, op, { who: 'a', taskId: id, json: { ...base, ...forged } })
      if (ex.response.status >= 400 && ex.response.status < 500) continue
      expectStatus(ex, '2xx')
      expectNotForged(ctx, forged, ex, createdAt)
      // The task stays A's, under its own id, and B cannot reach it.
      const mine = await call(ctx, operation('getTask'), { who: 'a', taskId: id })
      expectExchange(mine.response.status === 200, "the task is still A's under its id", mine, ex)
      expectNotForged(ctx, forged, mine, createdAt)
      const theirs = await call(ctx, operation('getTask'), { who: 'b', taskId: id })
      expectExchange(theirs.response.status === 404, 'B still cannot read it', theirs, ex)
    }
  })
})
