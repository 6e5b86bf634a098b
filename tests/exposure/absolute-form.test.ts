import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestUrl } from '../../mocks/msw/node-http-bridge.ts'
import { startMock, startServe, type ExposedServer } from './exposure-servers.ts'
import { rawExchange } from './raw-http.ts'

/**
 * An absolute-form request target (`GET http://127.0.0.1:8000/api/u/tasks HTTP/1.1`, RFC 9112
 * §3.2.2: a server must accept it) is served like its path, on the server and the mock alike. Only
 * the path is taken from it: its authority chooses nothing, the Host rule reads the Host header.
 */
describe.each([
  ['serve', startServe],
  ['mock', startMock],
] as const)('tck %s: an absolute-form request target', (_name, start) => {
  let server: ExposedServer
  let auth: string
  beforeAll(async () => {
    server = await start({})
    auth = `Bearer ${await server.token!('user_alice')}`
  }, 60_000)
  afterAll(() => server?.close())

  const get = (target: string, host: string) =>
    rawExchange(server.url, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${auth}\r\nConnection: close\r\n\r\n`, 3_000)

  it("is answered as its path: the list of the token's user, its query kept", async () => {
    const { host } = new URL(server.url)
    for (const target of [`${server.url}/api/user_alice/tasks`, `HTTP://${host}/api/user_alice/tasks?limit=1`]) {
      const outcome = await get(target, host)
      expect(outcome.status, target).toBe(200)
      expect(outcome.text, target).toContain('"count":0')
    }
  })

  it('takes nothing but the path from it: another authority there is not the Host, a foreign Host is still refused', async () => {
    const { host } = new URL(server.url)
    expect((await get('http://evil.example/api/user_alice/tasks', host)).status).toBe(200)
    const refused = await get(`${server.url}/api/user_alice/tasks`, 'evil.example')
    expect(refused.status).toBe(421)
    expect(refused.text).toContain('"code":"HOST_NOT_ALLOWED"')
  })

  it('matches no route when it carries a fragment or another scheme', async () => {
    const { host } = new URL(server.url)
    for (const target of [`${server.url}/api/user_alice/tasks#x`, `ftp://${host}/api/user_alice/tasks`]) {
      const outcome = await get(target, host)
      expect(outcome.status, target).toBe(404)
      expect(outcome.text, target).toContain('"code":"ROUTE_NOT_FOUND"')
    }
  })
})

describe("the mock's requestUrl", () => {
  it('keeps an origin-form path as sent and takes only the path and query of an absolute-form target', () => {
    const base = 'http://127.0.0.1:8000'
    expect(requestUrl('//evil.example/api/x', base).href).toBe('http://127.0.0.1:8000//evil.example/api/x')
    expect(requestUrl('http://evil.example:9/api/x?limit=1', base).href).toBe('http://127.0.0.1:8000/api/x?limit=1')
    expect(requestUrl('https://evil.example?limit=1', base).href).toBe('http://127.0.0.1:8000/?limit=1')
    expect(requestUrl('http://evil.example', base).href).toBe('http://127.0.0.1:8000/')
    expect(requestUrl('*', base).pathname).toBe('/*')
  })
})
