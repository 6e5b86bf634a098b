import { describe, expect, it } from 'vitest'
import { createScenarios, parsePrefer } from '../../mocks/msw/index.ts'
import { API, useMswMock } from './msw-harness.ts'

const mock = useMswMock()
const SOME_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'

describe('Prefer (Prism convention), on authenticated requests', () => {
  it.each([
    ['GET', '/api/alice/tasks', 'example=emptyList', 200, { count: 0, data: [] }],
    ['GET', '/api/alice/tasks', 'example=tasks', 200, expect.objectContaining({ count: 2 })],
    ['GET', '/api/alice/tasks', 'example=expiredToken', 401, expect.objectContaining({ code: 'AUTH_TOKEN_EXPIRED' })],
    ['GET', '/api/alice/tasks', 'example=otherUsersPath', 403, expect.objectContaining({ code: 'FORBIDDEN_USER_MISMATCH' })],
    ['GET', `/api/alice/tasks/${SOME_ID}`, 'example=notFound', 404, expect.objectContaining({ code: 'TASK_NOT_FOUND' })],
    ['POST', '/api/alice/tasks', 'example=invalidTitle', 422, expect.objectContaining({ code: 'VALIDATION_FAILED' })],
    ['GET', `/api/alice/tasks/${SOME_ID}`, 'code=404', 404, expect.objectContaining({ code: 'TASK_NOT_FOUND' })],
    ['GET', '/api/alice/tasks', 'code=503', 503, expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' })],
    ['DELETE', `/api/alice/tasks/${SOME_ID}`, 'code=204', 204, undefined],
    ['GET', '/api/alice/tasks', 'code=401, example=invalidToken', 401, expect.objectContaining({ code: 'AUTH_TOKEN_INVALID' })],
    ['GET', '/health/ready', 'example=databaseDown', 503, { status: 'unavailable', database: 'unavailable' }],
  ])('%s %s with Prefer: %s → %i and the documented example', async (method, path, prefer, status, body) => {
    const token = await mock().tokenFor('alice')
    const answer = await mock().call(method, path, { token, headers: { prefer }, ...(method === 'POST' && { body: { title: 'valid' } }) })
    expect(answer.status).toBe(status)
    expect(answer.body).toEqual(body)
    if (status === 401) expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/)
  })

  it('an unknown example or undocumented code → 404 with a warning naming the operation', async () => {
    const token = await mock().tokenFor('alice')
    for (const prefer of ['example=noSuchExample', 'code=418']) {
      const answer = await mock().call('GET', '/api/alice/tasks', { token, headers: { prefer }, conform: false })
      expect(answer.status).toBe(404)
    }
    const warnings = mock().warnings.splice(0)
    expect(warnings.filter((w) => w.includes('Prefer') && w.includes('listTasks'))).toHaveLength(2)
  })

  it('is not honoured without a valid token (like Prism, security comes first)', async () => {
    const answer = await mock().call('GET', '/api/alice/tasks', { headers: { prefer: 'example=tasks' } })
    expect([answer.status, answer.body.code]).toEqual([401, 'AUTH_TOKEN_MISSING'])
  })

  it.each([
    ['GET', '/api/bob/tasks', 'code=200'],
    ['GET', '/api/bob/tasks', 'example=tasks'],
    ['DELETE', `/api/bob/tasks/${SOME_ID}`, 'code=204'],
  ])("is not honoured on another user's path: %s %s with Prefer: %s → 403, as the reference server answers", async (method, path, prefer) => {
    const token = await mock().tokenFor('alice')
    const answer = await mock().call(method, path, { token, headers: { prefer } })
    expect([answer.status, answer.body.code]).toEqual([403, 'FORBIDDEN_USER_MISMATCH'])
  })

  it('parses RFC 7240 syntax and ignores what it does not know', () => {
    expect(parsePrefer('code=404, example="notFound"; dynamic=true')).toEqual({ code: 404, example: 'notFound' })
    expect(parsePrefer('respond-async, code=abc')).toEqual({})
    expect(parsePrefer(null)).toEqual({})
  })
})

describe('global scenarios', () => {
  it('latencyMs delays every answer by at least that long', async () => {
    mock().mock.scenarios.set({ latencyMs: 150 })
    const started = performance.now()
    await mock().call('GET', '/health')
    expect(performance.now() - started).toBeGreaterThanOrEqual(149)
  })

  it('failureRate answers 500 for a seeded, repeatable share of task requests', async () => {
    const token = await mock().tokenFor('alice')
    const run = async () => {
      mock().mock.scenarios.set({ failureRate: 0.5, seed: 7 })
      const statuses: number[] = []
      for (let i = 0; i < 20; i += 1) statuses.push((await mock().call('GET', '/api/alice/tasks', { token })).status)
      return statuses
    }
    const first = await run()
    expect(await run()).toEqual(first)
    expect(new Set(first)).toEqual(new Set([200, 500]))
    mock().mock.scenarios.set({ failureRate: 1 })
    expect((await mock().call('GET', '/api/alice/tasks', { token })).body.code).toBe('INTERNAL_ERROR')
  })

  it('offline makes every request a network error, the issuer routes included, until switched off', async () => {
    mock().mock.scenarios.set({ offline: true })
    await expect(fetch(`${API}/health`)).rejects.toThrow(TypeError)
    await expect(fetch(`${API}/api/auth/token?sub=alice`)).rejects.toThrow(TypeError)
    mock().mock.scenarios.set({ offline: false })
    expect((await fetch(`${API}/health`)).status).toBe(200)
  })

  it('tokenExpiresAfterSeconds refuses tokens issued longer ago with 401 AUTH_TOKEN_EXPIRED', async () => {
    const { issuer, call } = mock()
    mock().mock.scenarios.set({ tokenExpiresAfterSeconds: 60 })
    const old = await issuer.mint({ sub: 'alice', iat: Math.floor(Date.now() / 1000) - 120 })
    const expired = await call('GET', '/api/alice/tasks', { token: old })
    expect([expired.status, expired.body.code, expired.headers.get('www-authenticate')]).toEqual([401, 'AUTH_TOKEN_EXPIRED', 'Bearer error="invalid_token"'])
    expect((await call('GET', '/api/alice/tasks', { token: await issuer.mint({ sub: 'alice' }) })).status).toBe(200)
  })

  it('failNext answers the given status once, then the mock behaves again', async () => {
    const token = await mock().tokenFor('alice')
    mock().mock.scenarios.set({ failNext: 503 })
    const failed = await mock().call('GET', '/api/alice/tasks', { token })
    expect([failed.status, failed.body.code]).toEqual([503, 'SERVICE_UNAVAILABLE'])
    expect((await mock().call('GET', '/api/alice/tasks', { token })).status).toBe(200)
  })

  it('reset returns to the initial settings; invalid settings are refused', () => {
    const scenarios = createScenarios({ latencyMs: 5 })
    scenarios.set({ latencyMs: 50, offline: true, failNext: 500 })
    scenarios.reset()
    expect(scenarios.get()).toMatchObject({ latencyMs: 5, offline: false, failNext: undefined })
    expect(() => scenarios.set({ failureRate: 2 })).toThrow(RangeError)
    expect(() => scenarios.set({ failNext: 42 })).toThrow(RangeError)
  })
})
