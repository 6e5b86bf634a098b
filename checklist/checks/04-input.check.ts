import { describe } from 'vitest'
import fc from 'fast-check'
import { check, skipCheck, warnFinding } from '../support/define-check.ts'
import { call, createTaskAs, operation } from '../support/api.ts'
import { describeFailure, expectExchange, expectStatus, type Exchange } from '../support/exchange.ts'
import { listOf, taskOf } from '../support/task-shape.ts'
import type { CheckContext } from '../check-context.ts'
import { authFor } from '../support/tokens.ts'

/** The titles in A's list, to prove a refused request stored nothing. */
async function titles(ctx: CheckContext): Promise<string[]> {
  const ex = await call(ctx, operation('listTasks'), { who: 'a' })
  expectStatus(ex, 200)
  return (listOf(ex.response.json) ?? []).map((t) => String(t.title))
}

/** Sends a create that must be refused with a 4xx, and checks the list did not change. */
async function refusedCreate(ctx: CheckContext, request: { json?: unknown; body?: string; headers?: Record<string, string> }) {
  const before = await titles(ctx)
  const headers = { ...(await authFor(ctx, 'a')), ...request.headers }
  const ex: Exchange = await call(ctx, operation('createTask'), {
    headers,
    ...(request.json !== undefined && { json: request.json }),
    ...(request.body !== undefined && { body: request.body }),
  })
  expectStatus(ex, '4xx')
  const after = await titles(ctx)
  expectExchange(JSON.stringify(after) === JSON.stringify(before), 'nothing stored by a refused request', ex)
}

describe('Input handling', () => {
  check('INPUT-001', async (ctx) => refusedCreate(ctx, { json: { title: '' } }))
  check('INPUT-002', async (ctx) => refusedCreate(ctx, { json: { title: 'x'.repeat(256) } }))
  check('INPUT-003', async (ctx) => {
    // pydantic (v1, and v2 in lax mode) turns 42 into "42": a lax type, not a broken one (warn).
    for (const json of [{ title: 42 }, { title: 'typed', description: 42 }]) {
      const ex = await call(ctx, operation('createTask'), { who: 'a', json })
      if (ex.response.status >= 400 && ex.response.status < 500) continue
      expectStatus(ex, '2xx')
      const task = taskOf(ex.response.json)
      const [field, value] = Object.entries(json).find(([, v]) => typeof v === 'number')!
      expectExchange(task?.[field] === String(value), `a number ${field} refused (4xx) or, at most, stored as the string "${value}"`, ex)
      warnFinding(
        `lax types: ${field} ${value} was accepted and stored as "${value}" (lax type coercion: pydantic's default, or ajv's coerceTypes; StrictStr / strict schemas refuse it)\n${describeFailure(`a 4xx for a number ${field}`, ex)}`,
      )
    }
    await refusedCreate(ctx, { json: [{ title: 'in an array' }] })
    await refusedCreate(ctx, { json: { title: { text: 'an object' } } })
  })
  check('INPUT-004', async (ctx) => {
    await refusedCreate(ctx, { json: { description: 'no title' } })
    await refusedCreate(ctx, { json: {} })
  })
  check('INPUT-005', async (ctx) => {
    const ex = await call(ctx, operation('createTask'), { who: 'a', json: { title: 'huge', description: 'x'.repeat(1024 * 1024) } })
    expectStatus(ex, '4xx')
  })
  check('INPUT-006', async (ctx) => {
    await refusedCreate(ctx, { body: '{"title": "broken', headers: { 'content-type': 'application/json' } })
    await refusedCreate(ctx, { body: 'title=form', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  })
  check('INPUT-007', async (ctx) => {
    for (const title of ['emoji 😀🚀', 'rtl \u202eevil', 'zero\u200bwidth', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'nul \u0000 byte']) {
      const ex = await call(ctx, operation('createTask'), { who: 'a', json: { title } })
      expectExchange(ex.response.status < 500, 'never a 5xx for odd unicode', ex)
      if (ex.response.status < 300) {
        expectExchange(taskOf(ex.response.json)?.title === title, 'the title is stored exactly', ex)
      }
    }
  })
  check('INPUT-008', async (ctx) => {
    const { id } = await createTaskAs(ctx, 'a', { title: 'stays as is', description: 'kept' })
    const read = async () => call(ctx, operation('getTask'), { who: 'a', taskId: id })
    let before = await read()
    for (const json of [{ title: '' }, { title: 'x'.repeat(256) }, { title: { text: 'an object' } }]) {
      const ex = await call(ctx, operation('updateTask'), { who: 'a', taskId: id, json })
      expectStatus(ex, '4xx')
      const after = await read()
      expectExchange(after.response.text === before.response.text, 'the task is unchanged after a refused update', after, ex)
    }
    // Lax coercion ("yes" → true, 7 → "7") is pydantic's default: a warning when it happens, a
    // failure only when the stored value is not what the coercion promises.
    const lax: [Record<string, unknown>, string, (t: Record<string, unknown> | undefined) => boolean][] = [
      [{ completed: 'yes' }, 'completed "yes"', (t) => t?.completed === true || t?.completed === taskOf(before.response.json)?.completed],
      [{ title: 7 }, 'title 7', (t) => t?.title === '7' || t?.title === taskOf(before.response.json)?.title],
    ]
    for (const [json, what, plausible] of lax) {
      const ex = await call(ctx, operation('updateTask'), { who: 'a', taskId: id, json })
      const after = await read()
      if (ex.response.status >= 400 && ex.response.status < 500) {
        expectExchange(after.response.text === before.response.text, 'the task is unchanged after a refused update', after, ex)
        continue
      }
      expectStatus(ex, '2xx')
      expectExchange(plausible(taskOf(after.response.json)), `${what} refused, ignored, or coerced to its plain meaning`, after, ex)
      if (after.response.text !== before.response.text)
        warnFinding(
          `lax types: ${what} was accepted and applied (lax type coercion: pydantic's default, or ajv's coerceTypes; StrictBool/StrictStr / strict schemas refuse it)\n${describeFailure('a 4xx', ex)}`,
        )
      before = after
    }
  })
})

describe('Input at volume', () => {
  check(
    'INPUT-009',
    async (ctx) => {
      const { id } = await createTaskAs(ctx, 'a', { title: 'fuzz target', description: 'unchanged by refused updates' })
      const before = await titles(ctx)
      const snapshot = (await call(ctx, operation('getTask'), { who: 'a', taskId: id })).response.text
      let created = 0
      let changed = false
      // Bodies that are almost right are the interesting ones: known fields with wrong types, lengths and extras.
      const field = fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.string({ minLength: 250, maxLength: 2100 }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string()),
        fc.object(),
      )
      const body = fc.oneof(
        fc.record({ title: field, description: field, completed: field }, { requiredKeys: [] }),
        fc.dictionary(fc.string({ maxLength: 12 }), field),
        fc.jsonValue(),
      )
      await fc.assert(
        fc.asyncProperty(body, fc.boolean(), async (json, update) => {
          const ex = update
            ? await call(ctx, operation('updateTask'), { who: 'a', taskId: id, json })
            : await call(ctx, operation('createTask'), { who: 'a', json })
          expectExchange(ex.response.status < 500, 'never a 5xx for a malformed body', ex)
          if (ex.response.status < 300) {
            if (update) changed = true
            else created++
          }
        }),
        { numRuns: ctx.thorough ? 1000 : 50, seed: 42 },
      )
      const after = await titles(ctx)
      if (after.length !== before.length + created) throw new Error(`${after.length - before.length} tasks appeared for ${created} accepted creates`)
      if (!changed) {
        const now = (await call(ctx, operation('getTask'), { who: 'a', taskId: id })).response.text
        if (now !== snapshot) throw new Error('a refused update changed the task')
      }
    },
    'fixed seed 42',
  )
})

describe('Data integrity', () => {
  check(
    'DATA-001',
    async (ctx) => {
      if (ctx.toggleBody !== undefined) skipCheck('the backend sets completed from a body instead of toggling, so concurrent toggles have no order to check')
      const { id } = await createTaskAs(ctx, 'a', { title: 'toggled concurrently' })
      const toggles = await Promise.all(Array.from({ length: 10 }, () => call(ctx, operation('toggleTaskCompletion'), { who: 'a', taskId: id })))
      for (const ex of toggles) expectStatus(ex, 200)
      const states = toggles.map((ex) => taskOf(ex.response.json)?.completed)
      if (states.some((s) => typeof s !== 'boolean')) skipCheck('the toggle answers carry no completed flag to count')
      // Applied one after another, 10 toggles from false answer true, false, true, … : 5 of each.
      // Any other count means two toggles read the same state: an update was lost.
      const trues = states.filter(Boolean).length
      const after = await call(ctx, operation('getTask'), { who: 'a', taskId: id })
      const final = taskOf(after.response.json)?.completed
      expectExchange(
        final === false,
        `completed false after 10 acknowledged toggles, but it is ${String(final)}: two toggles read the same state and one overwrote the other (lost update; the answers held ${trues} × true, ${10 - trues} × false)`,
        after,
        toggles[0]!,
      )
      expectExchange(
        trues === 5,
        `10 toggles applied one after another to answer 5 × true and 5 × false; they answered ${trues} × true, ${10 - trues} × false — either an even number of toggles was lost (two read the same state), or each answer was read back after other toggles had committed`,
        toggles[0]!,
        after,
      )
    },
    '10 at once',
  )

  check('DATA-002', async (ctx) => {
    const { id } = await createTaskAs(ctx, 'a', { title: 'keep my description', description: 'kept' })
    const ex = await call(ctx, operation('updateTask'), { who: 'a', taskId: id, json: { title: 'renamed' } })
    expectStatus(ex, 200)
    const after = await call(ctx, operation('getTask'), { who: 'a', taskId: id })
    expectExchange(taskOf(after.response.json)?.description === 'kept', 'the description is kept', after)
  })
})
