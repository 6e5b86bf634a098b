import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockServer, type MockServer } from '../../mocks/msw/index.ts'

/**
 * Security review F2/F3 on the mock's HTTP server (`tck mock`): undecodable paths get the registry
 * 404 the reference server gives, and long ids reach auth and validation. Its own file: the MSW
 * harness of input-edges.test.ts intercepts every fetch, this server's included.
 */
describe('mock HTTP server: undecodable and over-long paths (F2, F3)', () => {
  let server: MockServer
  beforeAll(async () => {
    server = await startMockServer({ port: 0 })
  })
  afterAll(() => server.close())

  it('answers %zz, %C0%AF and an encoded lone surrogate with the registry 404 and CORS headers, before auth', async () => {
    const token = await server.issuer!.mint({ sub: 'alice' })
    for (const path of ['/api/%zz/tasks', '/api/%C0%AF/tasks', '/api/a%ED%A0%80/tasks', '/api/alice/tasks/%zz']) {
      for (const headers of [{ origin: 'http://localhost:3000' }, { origin: 'http://localhost:3000', authorization: `Bearer ${token}` }] as Record<
        string,
        string
      >[]) {
        const res = await fetch(`${server.url}${path}`, { headers })
        expect(res.status, path).toBe(404)
        expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
        expect(await res.json()).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Not found', code: 'ROUTE_NOT_FOUND' })
      }
    }
  })

  it('lets 10 KB ids reach auth and validation: 403 for another user id, 422 for a task id', async () => {
    const auth = { authorization: `Bearer ${await server.issuer!.mint({ sub: 'alice' })}` }
    const huge = 'v'.repeat(10 * 1024)
    expect((await fetch(`${server.url}/api/${huge}/tasks`, { headers: auth })).status).toBe(403)
    expect((await fetch(`${server.url}/api/alice/tasks/${huge}`, { headers: auth })).status).toBe(422)
  })
})
