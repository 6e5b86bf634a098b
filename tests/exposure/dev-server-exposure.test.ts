import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_TIMEOUTS, startAuth, startIssuer, startMock, startServe, type ExposedServer } from './exposure-servers.ts'
import { rawExchange, stalledPost } from './raw-http.ts'

/**
 * Security review F6 and F12 on every server the toolkit starts: a slow client is cut by the
 * configured timeouts (408 and close), an idle kept-alive connection is closed, and a loopback
 * server answers only its own Host names (421 HOST_NOT_ALLOWED otherwise).
 */

const ENV = { ...FAST_TIMEOUTS, ALLOWED_HOSTS: 'dev.example.test' }
const REQUEST_MS = Number(FAST_TIMEOUTS.REQUEST_TIMEOUT_MS)
const HEADERS_MS = Number(FAST_TIMEOUTS.HEADERS_TIMEOUT_MS)
const KEEP_ALIVE_MS = Number(FAST_TIMEOUTS.KEEP_ALIVE_TIMEOUT_MS)
/** Margin for a loaded 2-core machine, on top of a timeout and Node's check interval. */
const SLACK_MS = 700
/** Node keeps an idle kept-alive socket this long past `keepAliveTimeout` (measured on Node 20: +1 s), against races with a client reusing it. */
const NODE_KEEP_ALIVE_BUFFER_MS = 1_000

/** A GET with a chosen Host header (fetch does not let one set it). */
function getWithHost(
  url: string,
  path: string,
  host: string,
): Promise<{ status: number; type: string | undefined; connection: string | undefined; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { host }, agent: false }, (res) => {
      let body = ''
      res
        .setEncoding('utf8')
        .on('data', (c: string) => {
          body += c
        })
        .on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], connection: res.headers.connection, body }))
    })
    req.on('error', reject).end()
  })
}

/** A request to each server whose body it reads, so a stalled body holds the request open. */
const BODY_PATHS: Record<string, (s: ExposedServer) => Promise<{ path: string; headers: Record<string, string> }>> = {
  serve: async (s) => ({ path: '/api/user_alice/tasks', headers: { authorization: `Bearer ${await s.token!('user_alice')}` } }),
  mock: async (s) => ({ path: '/api/user_alice/tasks', headers: { authorization: `Bearer ${await s.token!('user_alice')}` } }),
  issuer: async () => ({ path: '/__tck/mint', headers: {} }),
  auth: async () => ({ path: '/api/auth/sign-in/email', headers: {} }),
}

describe.each([
  ['serve', startServe],
  ['mock', startMock],
  ['issuer', startIssuer],
  ['auth', startAuth],
] as const)('tck %s: timeouts and the Host rule', (name, start) => {
  let server: ExposedServer
  beforeAll(async () => {
    server = await start(ENV)
  }, 60_000)
  afterAll(() => server?.close())

  it('refuses a foreign Host (DNS rebinding) with 421 HOST_NOT_ALLOWED and closes', async () => {
    const port = new URL(server.url).port
    const res = await getWithHost(server.url, server.okPath, `rebind.evil.example:${port}`)
    expect(res.status).toBe(421)
    expect(res.type).toMatch(/^application\/problem\+json/)
    expect(JSON.parse(res.body)).toMatchObject({ status: 421, code: 'HOST_NOT_ALLOWED', title: 'Misdirected Request' })
    expect(res.connection).toBe('close')
  })

  it('refuses a foreign Host with 421 also on an undecodable path (refused before routing), without CORS headers', async () => {
    const request = 'GET /api/%zz/tasks HTTP/1.1\r\nHost: evil.com\r\nOrigin: http://localhost:3000\r\n\r\n'
    const outcome = await rawExchange(server.url, request, 3_000)
    expect(outcome.status).toBe(421)
    expect(outcome.text).toContain('"code":"HOST_NOT_ALLOWED"')
    expect(outcome.text).not.toMatch(/^access-control-allow-origin:/im)
    expect(outcome.closedAfterMs).toBeDefined()
  })

  it('serves the loopback names with any port, and ALLOWED_HOSTS', async () => {
    const port = new URL(server.url).port
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`, 'LOCALHOST', `dev.example.test:${port}`]) {
      expect((await getWithHost(server.url, server.okPath, host)).status, host).toBe(200)
    }
  })

  it('cuts a stalled request body with 408 after REQUEST_TIMEOUT_MS', async () => {
    const { path, headers } = await BODY_PATHS[name]!(server)
    const outcome = await rawExchange(server.url, stalledPost(path, 1000, headers), REQUEST_MS + 5_000)
    expect(outcome.status).toBe(408)
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_MS - 100)
    expect(outcome.closedAfterMs).toBeLessThan(REQUEST_MS + SLACK_MS)
  }, 15_000)

  it('answers 408 to headers that never end, after HEADERS_TIMEOUT_MS (shorter than the request timeout)', async () => {
    const outcome = await rawExchange(server.url, `GET ${server.okPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n`, REQUEST_MS + 5_000)
    expect(outcome.status).toBe(408)
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_MS - 100)
    expect(outcome.closedAfterMs).toBeLessThan(REQUEST_MS)
  }, 15_000)

  it('closes an idle kept-alive connection after KEEP_ALIVE_TIMEOUT_MS', async () => {
    const outcome = await rawExchange(server.url, `GET ${server.okPath} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, KEEP_ALIVE_MS + 5_000)
    expect(outcome.status).toBe(200)
    expect(outcome.text).not.toMatch(/^connection: close/im)
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(KEEP_ALIVE_MS - 100)
    expect(outcome.closedAfterMs).toBeLessThan(KEEP_ALIVE_MS + NODE_KEEP_ALIVE_BUFFER_MS + SLACK_MS)
  }, 15_000)
})
