import { afterEach, describe, expect, it } from 'vitest'
import type { Server } from 'node:http'
import { closeNow, createDevServer, HOST_REFUSAL, listenOn } from '../../shared/http/dev-server.ts'
import { httpUrl, urlHost } from '../../shared/net/url-host.ts'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .filter((s) => s.listening)
      .map((s) => closeNow(s)()),
  )
})

function devServer(): Server {
  const server = createDevServer({ bindHost: '127.0.0.1' }, (_req, res) => res.end('ok'))
  servers.push(server)
  return server
}

describe('urlHost / httpUrl', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['localhost', 'localhost'],
    ['0.0.0.0', '127.0.0.1'],
    ['::', '[::1]'],
    ['::1', '[::1]'],
    ['fe80::1', '[fe80::1]'],
  ])('%s → %s', (host, expected) => {
    expect(urlHost(host)).toBe(expected)
  })

  it('builds http://<host>:<port>', () => {
    expect(httpUrl('::1', 8000)).toBe('http://[::1]:8000')
  })
})

describe('createDevServer / listenOn / closeNow', () => {
  it('listens on a free port, serves its own Host names and refuses a foreign one with 421 problem JSON', async () => {
    const port = await listenOn(devServer(), 0, '127.0.0.1')
    expect(port).toBeGreaterThan(0)
    const url = httpUrl('127.0.0.1', port)
    expect(await (await fetch(url)).text()).toBe('ok')
    const { request } = await import('node:http')
    const refused = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      request(url, { headers: { host: 'rebind.evil.example' } }, (res) => {
        let body = ''
        res.on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type']!, body }))
      })
        .on('error', reject)
        .end()
    })
    expect(refused).toEqual({ status: HOST_REFUSAL.status, type: HOST_REFUSAL.contentType, body: HOST_REFUSAL.body })
    expect(JSON.parse(refused.body)).toMatchObject({ status: 421, code: 'HOST_NOT_ALLOWED' })
  })

  it('rejects when the port is taken instead of emitting an error later', async () => {
    const port = await listenOn(devServer(), 0, '127.0.0.1')
    await expect(listenOn(devServer(), port, '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' })
  })

  it('closes at once with a kept-alive connection open, and a second close() is the same promise', async () => {
    const server = devServer()
    const port = await listenOn(server, 0, '127.0.0.1')
    await (await fetch(httpUrl('127.0.0.1', port))).text()
    const close = closeNow(server)
    const first = close()
    expect(close()).toBe(first)
    await first
    expect(server.listening).toBe(false)
  })
})
