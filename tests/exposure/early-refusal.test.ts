import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockServer, type MockServer } from '../../mocks/msw/mock-server.ts'
import { startMock, startServe, type ExposedServer } from './exposure-servers.ts'
import { rawExchange, stalledPost } from './raw-http.ts'

/**
 * Security review F6: an unauthenticated upload is refused before it is read. The 401 comes at
 * once even when the body never arrives, and the connection is closed rather than kept (Node
 * would otherwise read and drop the whole upload to reuse it).
 */

/** Long request timeout: the 401 must not depend on it. */
const ENV = { REQUEST_TIMEOUT_MS: '20000' }
const PROMPT_MS = 1_000

describe.each([
  ['serve', startServe],
  ['mock', startMock],
] as const)('tck %s: the 401 does not wait for the body', (_name, start) => {
  let server: ExposedServer
  beforeAll(async () => {
    server = await start(ENV)
  }, 60_000)
  afterAll(() => server?.close())

  it('answers an unauthenticated POST whose body never comes with 401 at once, and closes', async () => {
    const outcome = await rawExchange(server.url, stalledPost('/api/user_alice/tasks', 1000, { origin: 'http://localhost:3000' }), 5_000)
    expect(outcome.status).toBe(401)
    expect(outcome.firstByteAfterMs).toBeLessThan(PROMPT_MS)
    expect(outcome.closedAfterMs).toBeLessThan(PROMPT_MS)
    // The same answer as with a body: the registry's 401, its challenge and the CORS headers of the allowed origin.
    expect(outcome.text).toMatch(/^www-authenticate: Bearer\r$/im)
    expect(outcome.text).toMatch(/^access-control-allow-origin: http:\/\/localhost:3000\r$/im)
    expect(outcome.text).toMatch(/^connection: close\r$/im)
    expect(outcome.text).toContain('"code":"AUTH_TOKEN_MISSING"')
  })

  it('keeps the connection of a small unauthenticated POST that arrived whole', async () => {
    const body = '{"title":"x"}'
    const outcome = await rawExchange(server.url, stalledPost('/api/user_alice/tasks', body.length) + body, 600)
    expect(outcome.status).toBe(401)
    expect(outcome.text).not.toMatch(/^connection: close/im)
    expect(outcome.closedAfterMs).toBeUndefined()
  })
})

describe('tck mock: an unauthenticated 10 MB upload', () => {
  let mock: MockServer
  const bytesRead: number[] = []
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, warn: () => {} })
    mock.httpServer.on('connection', (socket) => socket.on('close', () => bytesRead.push(socket.bytesRead)))
  })
  afterAll(() => mock?.close())

  it('is answered 401 after reading a small part of it, not all 10 MB', async () => {
    const total = 10 * 1024 * 1024
    const { status, serverRead } = await new Promise<{ status: string; serverRead: number }>((resolve) => {
      const { port } = new URL(mock.url)
      const socket = connect(Number(port), '127.0.0.1')
      let answer = ''
      socket.on('data', (chunk) => {
        answer += chunk.toString('latin1')
      })
      socket.on('error', () => {})
      socket.on('close', () => setTimeout(() => resolve({ status: answer.slice(9, 12), serverRead: bytesRead.at(-1) ?? -1 }), 50))
      socket.write(stalledPost('/api/user_alice/tasks', total))
      const chunk = Buffer.alloc(64 * 1024, 'a')
      let sent = 0
      const pump = () => {
        while (sent < total && !socket.destroyed) {
          sent += chunk.length
          if (!socket.write(chunk)) return void socket.once('drain', pump)
        }
      }
      pump()
    })
    expect(status).toBe('401')
    // Measured: about 100 KB (socket buffers); before the fix all 10,485,760 body bytes were read.
    console.info(`tck mock read ${serverRead} bytes of an unauthenticated ${total}-byte upload before closing`)
    expect(serverRead).toBeGreaterThan(0)
    expect(serverRead).toBeLessThan(1024 * 1024)
  }, 30_000)
})
