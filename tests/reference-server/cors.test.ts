import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockServer, type MockServer } from '../../mocks/msw/index.ts'
import { useReferenceHarness } from '../support/reference-harness.ts'

const ALLOWED = 'http://localhost:3000'
const harness = useReferenceHarness({ CORS_ORIGINS: `${ALLOWED},https://app.example.com` })

const preflight = (origin: string, method: string) =>
  harness().app.inject({
    method: 'OPTIONS',
    url: '/api/alice/tasks/3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' },
  })

describe('CORS', () => {
  it.each(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'])(
    'allows a %s preflight from the configured origin with credentials and the Authorization header',
    async (method) => {
      const res = await preflight(ALLOWED, method)
      expect(res.statusCode).toBe(204)
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED)
      expect(res.headers['access-control-allow-credentials']).toBe('true')
      expect(String(res.headers['access-control-allow-methods']).split(/,\s*/)).toContain(method)
      expect(String(res.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(['authorization', 'content-type']))
      expect(res.headers.vary).toMatch(/Origin/)
    },
  )

  it('needs no token for a preflight', async () => {
    expect((await preflight('https://app.example.com', 'DELETE')).statusCode).toBe(204)
  })

  it('adds the allow headers to an actual response for the allowed origin, errors included', async () => {
    const res = await harness().as('alice', { method: 'GET', url: '/api/alice/tasks', headers: { origin: ALLOWED } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED)
    expect(res.headers['access-control-allow-credentials']).toBe('true')
    // A browser can only show "session expired" if it may read the 401.
    const unauthorized = await harness().app.inject({ method: 'GET', url: '/api/alice/tasks', headers: { origin: ALLOWED } })
    expect(unauthorized.statusCode).toBe(401)
    expect(unauthorized.headers['access-control-allow-origin']).toBe(ALLOWED)
  })

  it.each(['http://evil.example', 'http://localhost:3001', 'null'])('sends no allow header at all to %s', async (origin) => {
    for (const res of [await preflight(origin, 'PUT'), await harness().as('alice', { method: 'GET', url: '/api/alice/tasks', headers: { origin } })]) {
      const allowHeaders = Object.keys(res.headers).filter((name) => name.startsWith('access-control-allow'))
      expect(allowHeaders).toEqual([])
    }
  })

  it('never answers "*" (credentials forbid it)', async () => {
    for (const origin of [ALLOWED, 'http://evil.example']) {
      expect((await preflight(origin, 'GET')).headers['access-control-allow-origin']).not.toBe('*')
    }
  })
})

describe('CORS: an OPTIONS request that is no preflight (no Access-Control-Request-Method)', () => {
  let mock: MockServer
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, corsOrigins: [ALLOWED], warn: () => {} })
  })
  afterAll(() => mock?.close())

  const NOT_FOUND = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Not found', code: 'ROUTE_NOT_FOUND' }
  const PATH = '/api/alice/tasks/3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12'

  it.each([
    [ALLOWED, ALLOWED],
    ['http://evil.example', undefined],
    [undefined, undefined],
  ] as const)('is a plain request no route takes on the server and the mock alike: 404 ROUTE_NOT_FOUND (Origin %s)', async (origin, allowed) => {
    const headers: Record<string, string> = origin ? { origin } : {}
    const server = await harness().app.inject({ method: 'OPTIONS', url: PATH, headers })
    const fromMock = await fetch(`${mock.url}${PATH}`, { method: 'OPTIONS', headers })
    for (const [side, status, type, allowOrigin, methods, body] of [
      [
        'server',
        server.statusCode,
        server.headers['content-type'],
        server.headers['access-control-allow-origin'],
        server.headers['access-control-allow-methods'],
        server.json(),
      ],
      [
        'mock',
        fromMock.status,
        fromMock.headers.get('content-type'),
        fromMock.headers.get('access-control-allow-origin') ?? undefined,
        fromMock.headers.get('access-control-allow-methods') ?? undefined,
        await fromMock.json(),
      ],
    ] as const) {
      expect(status, side).toBe(404)
      expect(type, side).toMatch(/^application\/problem\+json/)
      expect(body, side).toEqual(NOT_FOUND)
      // The response's CORS headers for an allowed origin (a browser may read the 404), never the preflight's.
      expect(allowOrigin, side).toBe(allowed)
      expect(methods, side).toBeUndefined()
    }
  })
})
