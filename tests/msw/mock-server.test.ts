import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContractValidator, formatViolations, type ContractValidator } from '../../contracts/contract-schemas.ts'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { startMockServer, TaskStore, type MockServer, type Task } from '../../mocks/msw/index.ts'
import { operationFor } from './msw-harness.ts'

const ALLOWED = 'http://localhost:3000'
let server: MockServer
let validator: ContractValidator
const warnings: string[] = []

beforeAll(async () => {
  validator = await createContractValidator()
  server = await startMockServer({ port: 0, validator, warn: (m) => void warnings.push(m) })
})
afterAll(() => server.close())

/** A fetch to the mock whose answer, when it belongs to a contract operation, must conform. */
async function request(path: string, init: RequestInit = {}, url = server.url) {
  const response = await fetch(`${url}${path}`, init)
  const text = await response.text()
  const body = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
  const operationId = operationFor(validator, init.method ?? 'GET', path)
  if (operationId) {
    const result = validator.validateResponse(operationId, response.status, response.headers.get('content-type'), body || undefined, response.headers)
    expect(result.valid, formatViolations(result.errors)).toBe(true)
  }
  return { status: response.status, headers: response.headers, body }
}

const preflight = (origin: string, method = 'DELETE') =>
  request('/api/alice/tasks/3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' },
  })

describe('mock HTTP server (MSW handlers over node:http)', () => {
  it('works like curl: a token from its own issuer, then create and list', async () => {
    const {
      body: { token },
    } = await request('/api/auth/token?sub=user_alice')
    const auth = { authorization: `Bearer ${token}` }
    const created = await request('/api/user_alice/tasks', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"title":"Buy milk"}',
    })
    expect(created.status).toBe(201)
    expect((await request('/api/user_alice/tasks', { headers: auth })).body).toEqual({ data: [created.body], count: 1 })
    expect(server.issuer?.issuer).toBe(server.url)
  })

  it('answers a path that does not percent-decode (%ZZ) with 404 ROUTE_NOT_FOUND, as the reference server, not a 500', async () => {
    const {
      body: { token },
    } = await request('/api/auth/token?sub=user_alice')
    for (const path of ['/api/user_alice/tasks/%ZZ', '/api/%ZZ/tasks']) {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status, path).toBe(404)
      expect(await res.text()).not.toContain('%ZZ')
    }
  })

  it("answers a preflight from an allowed origin without a token: credentials, Authorization, Content-Type, the contract's methods", async () => {
    const res = await preflight(ALLOWED)
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-methods')!.split(/,\s*/)).toEqual(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'])
    expect(res.headers.get('access-control-allow-headers')!.toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'prefer']),
    )
  })

  it('sends no Access-Control-Allow-* header at all to another origin; errors for the allowed origin carry them', async () => {
    for (const res of [await preflight('http://evil.example'), await request('/api/alice/tasks', { headers: { origin: 'http://evil.example' } })]) {
      expect([...res.headers.keys()].filter((name) => name.startsWith('access-control-allow'))).toEqual([])
    }
    const unauthorized = await request('/api/alice/tasks', { headers: { origin: ALLOWED } })
    expect([unauthorized.status, unauthorized.headers.get('access-control-allow-origin')]).toEqual([401, ALLOWED])
  })

  it('answers an unknown route with 404 ROUTE_NOT_FOUND problem JSON, and serves /openapi.json', async () => {
    const res = await request('/no/such/route')
    expect([res.status, res.headers.get('content-type'), res.body.code]).toEqual([404, 'application/problem+json; charset=utf-8', 'ROUTE_NOT_FOUND'])
    expect((await request('/openapi.json')).body.openapi).toBe('3.1.0')
  })

  it('refuses a 100 KiB body with 413 and drops the connection when offline', async () => {
    const token = await server.issuer!.mint({ sub: 'alice' })
    const big = JSON.stringify({ title: 't', description: 'x'.repeat(100 * 1024) })
    const res = await request('/api/alice/tasks', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: big,
    })
    expect([res.status, res.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    server.scenarios.set({ offline: true })
    await expect(fetch(`${server.url}/health`)).rejects.toThrow(TypeError)
    server.scenarios.reset()
    expect(warnings).toEqual([])
  })
})

describe('mock HTTP server configuration', () => {
  it('warns naming the operation and the field when an answer drifts from the contract', async () => {
    // A deliberately broken store: its rows carry a field the closed Task schema does not allow.
    class LeakyStore extends TaskStore {
      override list(userId: string): Task[] {
        return super.list(userId).map((task) => ({ ...task, owner_email: `${userId}@example.test` }))
      }
    }
    const drift: string[] = []
    const leaky = await startMockServer({ port: 0, validator, store: new LeakyStore(), warn: (m) => void drift.push(m) })
    try {
      leaky.store.create('alice', { title: 't' })
      const token = await leaky.issuer!.mint({ sub: 'alice' })
      expect((await fetch(`${leaky.url}/api/alice/tasks`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
      expect(drift).toHaveLength(1)
      expect(drift[0]).toMatch(/contract drift in listTasks 200: \/data\/0 additionalProperties: .*\(owner_email\)/)
    } finally {
      await leaky.close()
    }
  })

  it('with jwksUrl, trusts that issuer only (no in-process issuer, its iss/aud checked), and seeds from a seed', async () => {
    const external = await createIssuer()
    const listener = await external.listen({ port: 0 })
    const viaJwks = await startMockServer({
      port: 0,
      validator,
      seed: 3,
      jwksUrl: `${listener.url}/api/auth/jwks`,
      jwtIssuer: external.issuer,
      jwtAudience: [external.audience],
    })
    try {
      expect(viaJwks.issuer).toBeUndefined()
      const good = await request('/api/user_alice/tasks', { headers: { authorization: `Bearer ${await external.mint({ sub: 'user_alice' })}` } }, viaJwks.url)
      expect([good.status, good.body.count]).toEqual([200, 3])
      const foreign = await request(
        '/api/user_alice/tasks',
        { headers: { authorization: `Bearer ${await server.issuer!.mint({ sub: 'user_alice' })}` } },
        viaJwks.url,
      )
      expect([foreign.status, foreign.body.code]).toEqual([401, 'AUTH_TOKEN_INVALID'])
      expect((await request('/api/auth/jwks', {}, viaJwks.url)).status).toBe(404)
    } finally {
      await viaJwks.close()
      await listener.close()
    }
  })
})
