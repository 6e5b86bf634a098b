import { describe, expect, it } from 'vitest'
import { ApiError, isApiError, type Task } from '../../web/api-client/index.ts'
import { useApiClientHarness } from './api-client-harness.ts'

const h = useApiClientHarness()

/** The ApiError a promise rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isApiError(error), `expected an ApiError, got ${String(error)}`).toBe(true)
  return error as ApiError
}

/** A token the `tokenExpiresAfterSeconds: 60` scenario rejects (issued 2 minutes ago) although `exp` is in 13 minutes. */
const staleToken = (sub = 'user_alice') => h().issuer.mint({ sub, iat: Math.floor(Date.now() / 1000) - 120 })

describe('CRUD through the client', () => {
  it('creates, lists, reads, updates, toggles and deletes, with typed results', async () => {
    const { client } = h().makeClient()
    const created: Task = await client.createTask('user_alice', { title: 'Buy milk', description: '2 litres' })
    expect(created).toMatchObject({ user_id: 'user_alice', title: 'Buy milk', description: '2 litres', completed: false })

    const list = await client.listTasks('user_alice')
    expect(list.count).toBe(1)
    expect(list.data.map((t) => t.id)).toEqual([created.id])

    expect(await client.getTask('user_alice', created.id)).toEqual(created)
    const updated = await client.updateTask('user_alice', created.id, { title: 'Buy oat milk' })
    expect(updated).toMatchObject({ id: created.id, title: 'Buy oat milk', description: '2 litres' })
    expect((await client.toggleTask('user_alice', created.id)).completed).toBe(true)
    expect((await client.toggleTask('user_alice', created.id)).completed).toBe(false)

    await expect(client.deleteTask('user_alice', created.id)).resolves.toBeUndefined()
    expect((await client.listTasks('user_alice')).count).toBe(0)
  })

  it('lists one page with limit and offset, and the first 100 with neither; count is the total', async () => {
    h().mock.store.seed(['user_alice'], { perUser: 105 })
    const { client, lines } = h().makeClient()
    const all = await client.listTasks('user_alice')
    expect([all.data.length, all.count]).toEqual([100, 105])
    const page = await client.listTasks('user_alice', { limit: 10, offset: 100 })
    expect([page.data.length, page.count]).toEqual([5, 105])
    expect(page.data.map((t) => t.id)).toEqual(
      h()
        .mock.store.list('user_alice')
        .slice(100)
        .map((t) => t.id),
    )
    expect(lines.filter((l) => l.startsWith('GET'))).toEqual([
      expect.stringMatching(/^GET \/api\/user_alice\/tasks → 200/),
      expect.stringMatching(/^GET \/api\/user_alice\/tasks\?limit=10&offset=100 → 200/),
    ])
    const error = await failure(client.listTasks('user_alice', { limit: 101 }))
    expect([error.status, error.code, error.fieldErrors]).toEqual([422, 'VALIDATION_FAILED', { limit: expect.any(String) }])
  })

  it('reports a create beyond the quota as ApiError 409 TASK_QUOTA_EXCEEDED, not retried', async () => {
    const { client, lines } = h().makeClient()
    h().mock.store.seed(['user_alice'], { perUser: 10_000 })
    const error = await failure(client.createTask('user_alice', { title: 'one too many' }))
    expect([error.status, error.code, error.message, error.retryable]).toEqual([
      409,
      'TASK_QUOTA_EXCEEDED',
      'Task limit reached: delete tasks before creating more',
      false,
    ])
    expect(lines.filter((l) => l.startsWith('POST'))).toHaveLength(1)
  })

  it("403 FORBIDDEN_USER_MISMATCH on another user's path", async () => {
    const { client, unauthorizedCalls } = h().makeClient({ sub: 'user_alice' })
    const error = await failure(client.listTasks('user_bob'))
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 403, code: 'FORBIDDEN_USER_MISMATCH', retryable: false })
    expect(error.message).toBe("You don't have permission to access this user's tasks")
    expect(unauthorizedCalls()).toBe(0)
  })

  it("404 TASK_NOT_FOUND for a task that does not exist (or is another user's)", async () => {
    const { client } = h().makeClient({ sub: 'user_bob' })
    const bobs = await client.createTask('user_bob', { title: "Bob's" })
    const alice = h().makeClient({ sub: 'user_alice' }).client
    for (const id of ['00000000-0000-4000-8000-000000000000', bobs.id]) {
      const error = await failure(alice.getTask('user_alice', id))
      expect(error).toMatchObject({ status: 404, code: 'TASK_NOT_FOUND', message: 'Task not found' })
    }
  })

  it('422 VALIDATION_FAILED with fieldErrors.title', async () => {
    const { client } = h().makeClient()
    const error = await failure(client.createTask('user_alice', { title: '' }))
    expect(error).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', retryable: false })
    expect(typeof error.fieldErrors.title).toBe('string')
    expect(error.fieldErrors.title!.length).toBeGreaterThan(0)
    expect(h().mock.store.list('user_alice')).toHaveLength(0)
  })
})

describe('token handling', () => {
  it('caches the token: 5 sequential calls → getToken once, same bearer each time', async () => {
    const { client, tokenCalls } = h().makeClient()
    for (let i = 0; i < 5; i++) await client.listTasks('user_alice')
    expect(tokenCalls()).toBe(1)
  })

  it('concurrent first calls share one token fetch', async () => {
    const { client, tokenCalls } = h().makeClient()
    await Promise.all(Array.from({ length: 5 }, () => client.listTasks('user_alice')))
    expect(tokenCalls()).toBe(1)
  })

  it('refreshes proactively when the cached token is within the margin (injected clock)', async () => {
    let now = Date.now()
    const { client, tokenCalls } = h().makeClient({ client: { now: () => now, refreshMarginSeconds: 60 } })
    await client.listTasks('user_alice')
    now += (900 - 61) * 1000 // 61 s before exp: still fresh
    await client.listTasks('user_alice')
    expect(tokenCalls()).toBe(1)
    now += 2000 // 59 s before exp: inside the margin
    await client.listTasks('user_alice')
    expect(tokenCalls()).toBe(2)
  })

  it('the refresh race: 10 concurrent 401s → exactly one refresh, every request retried once and succeeding', async () => {
    h().mock.scenarios.set({ tokenExpiresAfterSeconds: 60 })
    const { client, tokenCalls, lines, unauthorizedCalls } = h().makeClient({
      mintToken: (call) => (call === 1 ? staleToken() : h().issuer.mint({ sub: 'user_alice' })),
    })
    const results = await Promise.all(Array.from({ length: 10 }, () => client.listTasks('user_alice')))
    expect(results).toHaveLength(10)
    for (const r of results) expect(r).toEqual({ data: [], count: 0 })
    expect(tokenCalls()).toBe(2) // initial + ONE refresh
    expect(lines.filter((l) => / → 401 /.test(l))).toHaveLength(10)
    expect(lines.filter((l) => / → 200 /.test(l))).toHaveLength(10)
    expect(lines.filter((l) => l.includes('refreshing the token'))).toHaveLength(10)
    expect(unauthorizedCalls()).toBe(0)
  })

  it('a second 401 → onUnauthorized once per failing request, ApiError 401, cache cleared', async () => {
    h().mock.scenarios.set({ tokenExpiresAfterSeconds: 60 })
    const { client, tokenCalls, unauthorizedCalls } = h().makeClient({ mintToken: () => staleToken() })
    const error = await failure(client.listTasks('user_alice'))
    expect(error).toMatchObject({ status: 401, code: 'AUTH_TOKEN_EXPIRED', message: 'Token has expired' })
    expect(tokenCalls()).toBe(2)
    expect(unauthorizedCalls()).toBe(1)

    const again = await failure(client.getTask('user_alice', '00000000-0000-4000-8000-000000000000'))
    expect(again.status).toBe(401)
    expect(unauthorizedCalls()).toBe(2)
    expect(tokenCalls()).toBe(4) // the cache was cleared: a fresh fetch, then one refresh
  })

  it('no session (getToken → null) → ApiError 401 AUTH_TOKEN_MISSING and onUnauthorized, without a request', async () => {
    const { client, unauthorizedCalls, lines } = h().makeClient({ mintToken: async () => null })
    const error = await failure(client.listTasks('user_alice'))
    expect(error).toMatchObject({ status: 401, code: 'AUTH_TOKEN_MISSING' })
    expect(unauthorizedCalls()).toBe(1)
    expect(lines).toEqual([])
  })

  it('the token never appears in logger lines', async () => {
    h().mock.scenarios.set({ tokenExpiresAfterSeconds: 60 })
    const { client, lines, issued } = h().makeClient({
      mintToken: (call) => (call === 1 ? staleToken() : h().issuer.mint({ sub: 'user_alice' })),
    })
    const task = await client.createTask('user_alice', { title: 'logged' })
    await client.toggleTask('user_alice', task.id)
    await failure(client.listTasks('user_bob'))
    expect(issued).toHaveLength(2)
    expect(lines.length).toBeGreaterThanOrEqual(4)
    const all = lines.join('\n')
    for (const token of issued) {
      expect(all).not.toContain(token)
      for (const part of token.split('.')) expect(all).not.toContain(part)
    }
    expect(all).not.toMatch(/bearer/i)
    expect(lines[0]).toMatch(/^POST \/api\/user_alice\/tasks → 401 \(\d+ ms\)$/)
  })
})

describe('retries', () => {
  it('GET: failNext 503 → succeeds after one retry', async () => {
    const { client, lines } = h().makeClient()
    h().mock.scenarios.set({ failNext: 503 })
    await expect(client.listTasks('user_alice')).resolves.toEqual({ data: [], count: 0 })
    expect(lines.filter((l) => / → 503 /.test(l))).toHaveLength(1)
    expect(lines.filter((l) => / → 200 /.test(l))).toHaveLength(1)
  })

  it('PUT and DELETE are retried too', async () => {
    const { client } = h().makeClient()
    const task = await client.createTask('user_alice', { title: 'x' })
    h().mock.scenarios.set({ failNext: 500 })
    expect((await client.updateTask('user_alice', task.id, { title: 'y' })).title).toBe('y')
    h().mock.scenarios.set({ failNext: 503 })
    await client.deleteTask('user_alice', task.id)
    expect(h().mock.store.list('user_alice')).toHaveLength(0)
  })

  it('GET: persistent 5xx → ApiError after 1 + attempts tries', async () => {
    const { client, lines } = h().makeClient()
    h().mock.scenarios.set({ failureRate: 1 })
    const error = await failure(client.listTasks('user_alice'))
    expect(error).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', retryable: true })
    expect(lines.filter((l) => / → 500 /.test(l))).toHaveLength(3)
  })

  it('POST: failNext 503 → fails at once, no retry, no duplicate in the store', async () => {
    const { client, lines } = h().makeClient()
    h().mock.scenarios.set({ failNext: 503 })
    const error = await failure(client.createTask('user_alice', { title: 'once' }))
    expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryable: true })
    expect(lines.filter((l) => l.startsWith('POST'))).toHaveLength(1)
    expect(h().mock.store.list('user_alice')).toHaveLength(0)
    await client.createTask('user_alice', { title: 'once' })
    expect(h().mock.store.list('user_alice')).toHaveLength(1)
  })

  it('PATCH toggle is not idempotent: no retry on 5xx', async () => {
    const { client, lines } = h().makeClient()
    const task = await client.createTask('user_alice', { title: 't' })
    h().mock.scenarios.set({ failNext: 503 })
    await failure(client.toggleTask('user_alice', task.id))
    expect(lines.filter((l) => l.startsWith('PATCH'))).toHaveLength(1)
    expect(h().mock.store.get('user_alice', task.id)!.completed).toBe(false)
  })

  it('offline → ApiError NETWORK_ERROR (status 0) after 1 + attempts tries on GET, one try on POST', async () => {
    const { client, lines } = h().makeClient({ client: { retry: { attempts: 3, baseDelayMs: 1 } } })
    h().mock.scenarios.set({ offline: true })
    const error = await failure(client.listTasks('user_alice'))
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', retryable: true })
    expect(lines.filter((l) => /^GET .* → network error/.test(l))).toHaveLength(4)
    const post = await failure(client.createTask('user_alice', { title: 'x' }))
    expect(post.code).toBe('NETWORK_ERROR')
    expect(lines.filter((l) => /^POST .* → network error/.test(l))).toHaveLength(1)
  })

  it('AbortController: abort in flight → ApiError ABORTED, no retry', async () => {
    const { client, lines } = h().makeClient()
    await client.listTasks('user_alice') // token cached
    h().mock.scenarios.set({ latencyMs: 200 })
    const controller = new AbortController()
    const pending = client.listTasks('user_alice', { signal: controller.signal })
    setTimeout(() => controller.abort(), 20)
    const error = await failure(pending)
    expect(error).toMatchObject({ status: 0, code: 'ABORTED', retryable: false })
    expect(lines.filter((l) => l.includes('→ aborted'))).toHaveLength(1)
    expect(lines.filter((l) => l.includes('retry'))).toHaveLength(0)
  })

  it('AbortController: already aborted → ABORTED without a request; abort during backoff → ABORTED', async () => {
    const { client, lines } = h().makeClient({ client: { retry: { attempts: 2, baseDelayMs: 5_000 } } })
    const error = await failure(client.listTasks('user_alice', { signal: AbortSignal.abort() }))
    expect(error.code).toBe('ABORTED')
    expect(lines).toEqual([])

    h().mock.scenarios.set({ failNext: 503 })
    const controller = new AbortController()
    const pending = client.listTasks('user_alice', { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    expect((await failure(pending)).code).toBe('ABORTED')
    expect(Date.now() - started).toBeLessThan(2_000)
  })
})
