import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { loadConfig } from '../../reference-server/config/load-config.ts'
import { startServer } from '../../reference-server/server.ts'
import { spawnTck } from '../support/spawn-tck.ts'

/**
 * JWKS-002 judges a rate, not a count: the reference server refetches an unknown kid's JWKS at
 * most once a second (its default cooldown, security review F7), so 30 unknown kids spread over
 * several seconds cause several fetches, and that is right. Each backend sits behind a proxy that
 * holds every request 150 ms, so the 30 requests take at least 4.5 s (a far-away backend); the fault
 * `refetch-jwks-every-request` (a fetch per request) must still be caught.
 */
const closers: (() => Promise<void>)[] = []
const outputs: Record<'correct' | 'faulty', string> = { correct: '', faulty: '' }

/** How long the proxy holds each request before relaying it, in ms. */
const DELAY_MS = 150

/** The reference server (PGlite in memory, default JWKS cooldown) trusting a fresh issuer, behind the slow proxy. */
async function backend(fault?: string) {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  closers.push(() => listener.close())
  const config = loadConfig({
    JWKS_URL: `${listener.url}/api/auth/jwks`,
    JWT_ISSUER: issuer.issuer,
    JWT_AUDIENCE: issuer.audience,
    PORT: '0',
    LOG_LEVEL: 'silent',
    PGLITE_DATA_DIR: 'memory://',
    ...(fault && { TCK_FAULT: fault }),
  })
  const { app, url } = await startServer(config)
  closers.unshift(() => app.close())
  return { url: await slowProxy(url), issuerUrl: listener.url }
}

/** An HTTP proxy to `target` that holds each request {@link DELAY_MS} before relaying it. @returns its URL. */
async function slowProxy(target: string): Promise<string> {
  const upstream = new URL(target)
  const server: Server = createServer((req, res) => {
    setTimeout(() => {
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      out.on('error', () => res.destroy())
      req.pipe(out)
    }, DELAY_MS)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.unshift(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeAll(async () => {
  const [correct, faulty] = [await backend(), await backend('refetch-jwks-every-request')]
  const run = (b: { url: string; issuerUrl: string }) => spawnTck(['check', '--target', b.url, '--issuer-url', b.issuerUrl, '-t', 'JWKS-002'])
  const [p, q] = [run(correct), run(faulty)]
  await Promise.all([p.exited, q.exited])
  outputs.correct = p.output()
  outputs.faulty = q.output()
}, 180_000)
afterAll(async () => {
  for (const close of closers) await close()
})

describe('JWKS-002: unknown kids, judged as a rate', () => {
  it('passes the reference server with its 1 s cooldown, although 30 requests over 4.5 s or more cause several fetches', () => {
    expect(outputs.correct).toMatch(/^\s+PASS\s+JWKS-002\s/m)
  })

  it('warns about a backend that fetches the JWKS for every request, naming the count and the allowance', () => {
    expect(outputs.faulty).toMatch(/^\s+WARN\s+JWKS-002\s/m)
    const [, fetched, allowed] =
      /30 tokens with unknown kids over \d+\.\d s caused (\d+) JWKS fetches \(at most (\d+): 2 plus one a second\)/.exec(outputs.faulty) ?? []
    // At least one fetch per request (this fault makes more), far above what 30 requests in seconds may cause.
    expect(Number(fetched)).toBeGreaterThanOrEqual(30)
    expect(Number(allowed)).toBeLessThan(30)
  })
})
