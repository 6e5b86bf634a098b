import { describe } from 'vitest'
import { check } from '../support/define-check.ts'
import { call, createTaskAs, operation } from '../support/api.ts'
import { expectExchange, expectStatus, send } from '../support/exchange.ts'
import { listOf, taskOf } from '../support/task-shape.ts'
import { hostileToken } from '../support/tokens.ts'
import { urlOf } from '../support/api.ts'

describe('Specification checklist (API authorization and integration)', () => {
  check('SPEC-001', async (ctx) => {
    expectStatus(await call(ctx, operation('listTasks'), { who: 'a' }), 200)
  })

  check('SPEC-002', async (ctx) => {
    expectStatus(await call(ctx, operation('listTasks'), { who: 'b', pathUser: ctx.users.a.id }), 403)
  })

  check('SPEC-003', async (ctx) => {
    const expired = await hostileToken(ctx, 'expired', 'a')
    expectStatus(await call(ctx, operation('listTasks'), { headers: { authorization: `Bearer ${expired}` } }), 401)
    expectStatus(await call(ctx, operation('listTasks'), { headers: { authorization: 'Bearer not.a.token' } }), 401)
  })

  check('SPEC-004', async (ctx) => {
    expectStatus(await call(ctx, operation('listTasks'), { headers: {} }), 401)
  })

  check('SPEC-005', async (ctx) => {
    const ex = await call(ctx, operation('listTasks'), { headers: { authorization: 'Bearer eyJhbGciOi.!!!.@@@' } })
    expectStatus(ex, 401)
    expectExchange(!/Traceback|\bat .+:\d+:\d+|Error:|File ".+", line/.test(ex.response.text), 'no stack trace in the body', ex)
  })

  check('SPEC-006', async (ctx) => {
    const created = await createTaskAs(ctx, 'a', { title: 'tck end to end', description: 'first' })
    const get = await call(ctx, operation('getTask'), { who: 'a', taskId: created.id })
    expectStatus(get, 200)
    expectExchange(taskOf(get.response.json)?.title === 'tck end to end', 'the created title is read back', get)
    const update = await call(ctx, operation('updateTask'), { who: 'a', taskId: created.id, json: { title: 'tck renamed' } })
    expectStatus(update, 200)
    const toggle = await call(ctx, operation('toggleTaskCompletion'), { who: 'a', taskId: created.id })
    expectStatus(toggle, 200)
    expectExchange(taskOf(toggle.response.json)?.completed === true, 'completed is true after one toggle', toggle)
    const reread = await call(ctx, operation('getTask'), { who: 'a', taskId: created.id })
    expectExchange(
      taskOf(reread.response.json)?.title === 'tck renamed' && taskOf(reread.response.json)?.completed === true,
      'the update and the toggle persisted',
      reread,
    )
    const list = await call(ctx, operation('listTasks'), { who: 'a' })
    expectExchange(
      (listOf(list.response.json) ?? []).some((t) => String(t.id) === created.id),
      'the task is listed',
      list,
    )
    expectStatus(await call(ctx, operation('deleteTask'), { who: 'a', taskId: created.id }), 200, 204)
    expectStatus(await call(ctx, operation('getTask'), { who: 'a', taskId: created.id }), 404)
  })

  check('SPEC-007', async (ctx) => {
    const ex = await send({
      method: 'OPTIONS',
      url: urlOf(ctx, operation('listTasks').path, { user_id: ctx.users.a.id }),
      headers: { origin: ctx.origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    })
    const h = ex.response.headers
    expectExchange(h.get('access-control-allow-origin') === ctx.origin, `Access-Control-Allow-Origin: ${ctx.origin}`, ex)
    expectExchange(h.get('access-control-allow-credentials') === 'true', 'Access-Control-Allow-Credentials: true', ex)
    expectExchange(/(^|,\s*)(authorization|\*)(\s*,|$)/i.test(h.get('access-control-allow-headers') ?? ''), 'Authorization among the allowed headers', ex)
  })

  check('SPEC-008', async (ctx) => {
    const results = await Promise.all(Array.from({ length: 20 }, () => call(ctx, operation('listTasks'), { who: 'a' })))
    for (const ex of results) expectStatus(ex, 200)
  })
})
