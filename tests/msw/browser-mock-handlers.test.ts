/**
 * The browser entry's defaults (`createBrowserMockHandlers`, what `startMockWorker()` runs): the
 * contract compiled from its generated module and an in-memory issuer, nothing read from disk.
 * Run here under msw/node and checked against the validator Node builds from task-api.yaml, so the
 * bundled contract cannot silently differ. (In a real browser: tests/web-app/web-app-browser.test.ts
 * and the Playwright mock project, whose web app starts the worker through the same entry.)
 */
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContractValidator, formatViolations, type ContractValidator } from '../../contracts/contract-schemas.ts'
import { HOSTILE_TOKEN_KINDS } from '../../mocks/issuer/index.ts'
import { createBrowserMockHandlers, createInMemoryIssuer, type MockHandlers } from '../../mocks/msw/browser.ts'
import { operationFor } from './msw-harness.ts'

const API = 'http://app.test'
const server = setupServer()
const warnings: string[] = []
let mock: MockHandlers
let fromDisk: ContractValidator

beforeAll(async () => {
  mock = await createBrowserMockHandlers({ seed: { users: ['user_alice'] }, warn: (message) => void warnings.push(message) })
  fromDisk = await createContractValidator()
  server.listen({ onUnhandledRequest: 'error' })
  server.use(...mock.handlers)
})
afterAll(() => server.close())

/** Calls the mock; the answer must conform to the contract as Node reads it from disk. */
async function call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  const parsed = text === '' ? undefined : JSON.parse(text)
  const operationId = operationFor(fromDisk, method, path)!
  const verdict = fromDisk.validateResponse(operationId, response.status, response.headers.get('content-type'), parsed, response.headers)
  expect(verdict.valid, `${method} ${path} → ${response.status}:\n${formatViolations(verdict.errors)}`).toBe(true)
  return { status: response.status, body: parsed }
}

describe('createBrowserMockHandlers() defaults', () => {
  it('mints with an in-memory issuer, served in the page at /api/auth/token and /api/auth/jwks', async () => {
    expect(mock.issuer?.issuer).toBe('http://127.0.0.1:3000')
    const minted = (await (await fetch(`${API}/api/auth/token?sub=user_alice`)).json()) as { token: string }
    expect((await call('GET', '/api/user_alice/tasks', minted.token)).body.count).toBe(3)
    const jwks = (await (await fetch(`${API}/api/auth/jwks`)).json()) as { keys: { kid: string }[] }
    expect(jwks.keys.map((key) => key.kid)).toEqual([mock.issuer!.currentKid])
  })

  it('answers every task operation, and 422/404/403, each within the contract', async () => {
    const token = await mock.issuer!.mint({ sub: 'user_alice' })
    const created = await call('POST', '/api/user_alice/tasks', token, { title: 'Buy milk' })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    expect((await call('GET', '/api/user_alice/tasks', token)).body.data[0].id).toBe(id)
    expect((await call('GET', `/api/user_alice/tasks/${id}`, token)).body.title).toBe('Buy milk')
    expect((await call('PUT', `/api/user_alice/tasks/${id}`, token, { title: 'Buy oat milk' })).body.title).toBe('Buy oat milk')
    expect((await call('PATCH', `/api/user_alice/tasks/${id}/complete`, token)).body.completed).toBe(true)
    expect((await call('DELETE', `/api/user_alice/tasks/${id}`, token)).status).toBe(204)
    expect((await call('GET', `/api/user_alice/tasks/${id}`, token)).body.code).toBe('TASK_NOT_FOUND')
    expect((await call('GET', '/api/user_alice/tasks/not-a-uuid', token)).status).toBe(422)
    expect((await call('POST', '/api/user_alice/tasks', token, { title: '' })).status).toBe(422)
    expect((await call('GET', '/api/user_bob/tasks', token)).body.code).toBe('FORBIDDEN_USER_MISMATCH')
    expect(warnings).toEqual([])
  })

  it('verifies tokens with the shared policy: every hostile token of the in-memory issuer is a 401', async () => {
    for (const { kind } of HOSTILE_TOKEN_KINDS) {
      const token = await mock.issuer!.mintHostile(kind, { sub: 'user_alice' })
      expect((await call('GET', '/api/user_alice/tasks', token)).status, kind).toBe(401)
    }
  })

  it('obeys scenarios: tokens older than tokenExpiresAfterSeconds are AUTH_TOKEN_EXPIRED', async () => {
    const token = await mock.issuer!.mint({ sub: 'user_alice' }, { expiresInSeconds: 900 })
    mock.scenarios.set({ tokenExpiresAfterSeconds: 0 })
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_100))
      expect((await call('GET', '/api/user_alice/tasks', token)).body.code).toBe('AUTH_TOKEN_EXPIRED')
    } finally {
      mock.scenarios.reset()
    }
  })
})

describe('createInMemoryIssuer()', () => {
  it('does everything but listen(), which needs Node and says so', async () => {
    const issuer = await createInMemoryIssuer({ baseUrl: 'http://page.test/' })
    expect(issuer.issuer).toBe('http://page.test')
    const { kid, previousKid } = await issuer.rotate()
    expect(issuer.jwks().keys.map((key) => key.kid)).toEqual([previousKid, kid])
    await expect(issuer.listen()).rejects.toThrow(/needs Node: use createIssuer\(\)/)
  })
})
