import { randomUUID } from 'node:crypto'
import { describe } from 'vitest'
import { check, checkEach } from '../support/define-check.ts'
import { call, createTaskAs, operation, SECURED_OPERATIONS, TASK_ID_OPERATIONS } from '../support/api.ts'
import { expectExchange, expectStatus } from '../support/exchange.ts'
import { listOf, ownerOf, taskIdOf, taskOf } from '../support/task-shape.ts'
import type { CheckContext } from '../check-context.ts'
import type { ContractOperation } from '../../../contracts/contract-schemas.ts'

const byOp = (op: ContractOperation) => `${op.operationId} (${op.method} ${op.path})`

/** An id of the same shape as `id` (integer or UUID) that no task has, so only existence differs. */
function unusedIdLike(id: string): string {
  return /^\d+$/.test(id) ? String(2_000_000_000 + Math.floor(Math.random() * 100_000_000)) : randomUUID()
}

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
    expectStatus(ex, 404)
    const never = await call(ctx, op, { who: 'b', taskId: unusedIdLike(id), ...(op.method === 'PUT' && { json: { title: 'taken over by B', completed: true } }) })
    expectExchange(never.response.status === ex.response.status, "another user's task answers exactly like a task that does not exist", ex)
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
    expectExchange(list!.every((t) => ownerOf(t) === undefined || ownerOf(t) === ctx.users.b.id), "every listed task is B's", ex)
  })

  check('BOLA-004', async (ctx) => {
    // One forged field per request: a backend that refuses one field must not hide one it honours.
    const forgeries: Record<string, unknown>[] = [
      { user_id: ctx.users.b.id },
      { id: randomUUID() },
      { created_at: '2000-01-01T00:00:00Z' },
      { updated_at: '2000-01-01T00:00:00Z' },
    ]
    for (const forged of forgeries) {
      const title = `forged ${Object.keys(forged)[0]} ${randomUUID().slice(0, 8)}`
      const ex = await call(ctx, operation('createTask'), { who: 'a', json: { title, ...forged } })
      const bList = await call(ctx, operation('listTasks'), { who: 'b' })
      expectExchange(!(listOf(bList.response.json) ?? []).some((t) => t.title === title), "no task planted in B's list", bList)
      if (ex.response.status >= 400 && ex.response.status < 500) continue
      expectStatus(ex, '2xx')
      const task = taskOf(ex.response.json)
      expectExchange(ownerOf(task) === undefined || ownerOf(task) === ctx.users.a.id, "the owner is the token's user, not the body's user_id", ex)
      if ('id' in forged) expectExchange(taskIdOf(ex.response.json) !== forged.id, 'the server chose the id, not the body', ex)
      if ('created_at' in forged) expectExchange(!String(task?.created_at ?? task?.createdAt ?? '').startsWith('2000-'), 'the server set created_at', ex)
      if ('updated_at' in forged) expectExchange(!String(task?.updated_at ?? task?.updatedAt ?? '').startsWith('2000-'), 'the server set updated_at', ex)
    }
  })
})
