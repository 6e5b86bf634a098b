import { describe } from 'vitest'
import { check, skipCheck } from '../support/define-check.ts'
import { createTaskAs, operation, urlOf } from '../support/api.ts'
import { expectExchange, expectStatus, send, type Exchange } from '../support/exchange.ts'
import { listOf } from '../support/task-shape.ts'
import { authFor } from '../support/tokens.ts'
import type { CheckContext } from '../check-context.ts'
import { CheckFailure } from '../support/exchange.ts'
import { postWithStalledBody } from '../support/raw-request.ts'

/**
 * Page-size parameter names a list may honour: the contract's `limit` first, then the spellings
 * common frameworks use (Django REST `page_size`, GitHub `per_page`, Spring `size`, JSON:API-ish `pageSize`).
 */
const PAGE_SIZE_NAMES = ['limit', 'page_size', 'per_page', 'size', 'pageSize']

/** How many tasks DOS-001 creates: more than one page of size 1, and a list of 3 tells "bounded" from "all". */
const TASKS_FOR_PAGING = 3

/** The list of A's tasks with `query` appended (no `?` for an empty query). */
async function listWith(ctx: CheckContext, query: string): Promise<Exchange> {
  const url = urlOf(ctx, operation('listTasks').path, { user_id: ctx.users.a.id })
  return send({ method: 'GET', url: query ? `${url}?${query}` : url, headers: await authFor(ctx, 'a'), operationId: 'listTasks' })
}

// ─── DOS-001: bounded list (F5) ────────────────────────────────────────────────────────────────
// ─── DOS-002: stalled request bodies (F6): added below, in its own describe ───────────────────

describe('Hardening: bounded lists', () => {
  check(
    'DOS-001',
    async (ctx) => {
      for (let i = 0; i < TASKS_FOR_PAGING; i++) await createTaskAs(ctx, 'a', { title: `tck page ${i + 1}` })
      const all = await listWith(ctx, '')
      expectStatus(all, 200)
      const total = listOf(all.response.json)?.length ?? 0
      expectExchange(total >= TASKS_FOR_PAGING, `a list with the ${TASKS_FOR_PAGING} tasks just created`, all)
      const tried: Exchange[] = []
      for (const name of PAGE_SIZE_NAMES) {
        const page = await listWith(ctx, `${name}=1`)
        expectExchange(page.response.status < 500, `never a 5xx for ?${name}=1`, page)
        const tasks = page.response.status === 200 ? listOf(page.response.json) : undefined
        if (tasks !== undefined && tasks.length <= 1) return
        tried.push(page)
      }
      expectExchange(
        false,
        `a bounded list: with ${total} tasks, ?limit=1 (or ${PAGE_SIZE_NAMES.slice(1)
          .map((n) => `${n}=1`)
          .join(', ')}) returns at most 1 task. ` +
          "This list ignores every page-size parameter, so one request returns all of a user's tasks: 5,000 tasks made a 12 MB answer " +
          'that stalled other users for seconds (security review F5, amplification)',
        tried[0]!,
        ...tried.slice(1),
      )
    },
    'limit, page_size, per_page, size, pageSize',
  )
})

// ─── DOS-002: stalled request bodies (F6) ───────────────────────────────────────────────────────

/** How long an unauthenticated POST whose body never comes may wait for its 401, in ms. */
const PROMPT_401_MS = 5_000
/** --thorough: how long an authenticated POST whose body never comes may hold its connection, in ms. */
const STALL_CUT_MS = 60_000
/** The body length the request announces and never sends. */
const ANNOUNCED_BYTES = 1_000

describe('Hardening: stalled request bodies', () => {
  check(
    'DOS-002',
    async (ctx) => {
      // Prism's validation proxy (and the prism mock) read the whole upload before anything answers:
      // a stalled body would measure Prism, not the backend behind it.
      if (ctx.target === 'prism' || ctx.capabilities.includes('prism-proxy')) {
        skipCheck('requests go through Prism, which reads the whole body before it forwards or answers; run without --proxy to measure the backend')
      }
      const url = urlOf(ctx, operation('createTask').path, { user_id: ctx.users.a.id })
      const shown = `POST ${new URL(url).pathname} with Content-Length: ${ANNOUNCED_BYTES} and no body`
      const anonymous = await postWithStalledBody(url, {}, { contentLength: ANNOUNCED_BYTES, waitMs: PROMPT_401_MS })
      if (anonymous.status === undefined) {
        throw new CheckFailure(
          `${shown}, no Authorization: expected 401 within ${PROMPT_401_MS / 1000} s, got no answer at all: ` +
            'the server waits for (or reads) the whole body before it checks the token, so anyone can hold its connections with ' +
            'slow uploads (slow POST; security review F6)',
        )
      }
      // An answer came without the body: the server did not wait for it; only the status is wrong.
      if (anonymous.status !== 401) {
        throw new CheckFailure(
          `${shown}, no Authorization: expected 401, got ${anonymous.status} after ${anonymous.answeredAfterMs} ms: ` +
            'answered without waiting for the body, but a request without a token is a 401 (RFC 6750 §3.1; AUTH-001 checks it with a body)',
        )
      }
      if (!ctx.thorough) return
      const held = await postWithStalledBody(url, await authFor(ctx, 'a'), { contentLength: ANNOUNCED_BYTES, waitMs: STALL_CUT_MS + 5_000, untilClosed: true })
      if (held.closedAfterMs === undefined || held.closedAfterMs > STALL_CUT_MS + 2_000) {
        throw new CheckFailure(
          `${shown}, with a valid token: the connection was still open after ${STALL_CUT_MS / 1000} s: ` +
            'no request timeout bounds a body that never comes (security review F6)',
        )
      }
    },
    'unauthenticated: 401 without the body; --thorough: a stalled body is cut within 60 s',
  )
})
