import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTrustingBackend } from '../support/trusting-backend.ts'
import { spawnTck } from '../support/spawn-tck.ts'

/**
 * What DOS-002 and CONF-006 say about refusals that are not this project's own: a backend that
 * answers an unauthenticated POST at once, but 403 (not "waits for the body"); a server that
 * refuses undecodable and over-long paths with RFC 9110's 400/414 and a body that does not echo
 * the path (fine); one whose body echoes the path, and one that answers 500 (findings). Each is a
 * small front in front of the trusting backend (tests/support), which serves everything else.
 */
type PathAnswer = 'rfc' | 'echo' | '500'

const closers: (() => Promise<void>)[] = []
const outputs: Record<PathAnswer, string> = { rfc: '', echo: '', 500: '' }
afterAll(async () => {
  for (const close of closers) await close()
})

/** Whether some path segment does not percent-decode, or is longer than any id (1,000 characters). */
function awkward(url: string): boolean {
  return url
    .split('?')[0]!
    .split('/')
    .some((segment) => {
      if (segment.length > 1_000) return true
      try {
        decodeURIComponent(segment)
        return false
      } catch {
        return true
      }
    })
}

/** The answer of each front to an awkward path. */
function refusePath(mode: PathAnswer, req: IncomingMessage, res: ServerResponse): void {
  const json = (status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  if (mode === '500') return void json(500, { detail: 'Internal Server Error' })
  if (mode === 'echo') return void json(400, { detail: `Invalid URL: ${req.url}` })
  // 400 for what does not decode, 414 with no body for what is too long (as a server limit answers).
  if ((req.url ?? '').length > 1_000) return void res.writeHead(414, { 'content-length': '0' }).end()
  json(400, { detail: 'Invalid path' })
}

/** A front to the trusting backend: awkward paths answered by `mode`; an unauthenticated POST gets a quick 403. */
async function startFront(upstream: string, mode: PathAnswer): Promise<string> {
  const target = new URL(upstream)
  const server: Server = createServer((req, res) => {
    if (awkward(req.url ?? '/')) return refusePath(mode, req, res)
    // Answered before the body arrives, but with the wrong status.
    if (req.method === 'POST' && !req.headers.authorization)
      return void res.writeHead(403, { 'content-type': 'application/json' }).end('{"detail":"Forbidden"}')
    const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    out.on('error', () => res.destroy())
    req.pipe(out)
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
  const backend = await startTrustingBackend()
  closers.push(backend.close)
  const modes = Object.keys(outputs) as PathAnswer[]
  // The trusting backend sends no CORS headers: --no-cors, so CONF-006 judges status and body only.
  const runs = await Promise.all(
    modes.map(async (mode) =>
      spawnTck(['check', '--target', await startFront(backend.url, mode), '--issuer-port', '0', '--no-cors', '-t', 'DOS-002|CONF-006']),
    ),
  )
  await Promise.all(runs.map((p) => p.exited))
  modes.forEach((mode, i) => {
    outputs[mode] = runs[i]!.output()
  })
}, 180_000)

const line = (output: string, id: string) => new RegExp(`^\\s+(PASS|FAIL|WARN|INFO|SKIP)\\s+${id}\\s.*$`, 'm').exec(output)?.[0] ?? ''

describe('DOS-002: an unauthenticated POST answered at once, but not 401', () => {
  it('reports the wrong status as what it is, not as waiting for the body', () => {
    expect(line(outputs.rfc, 'DOS-002')).toMatch(/WARN\s+DOS-002 .*expected 401, got 403 after \d+ ms: answered without waiting for the body/)
    expect(outputs.rfc).not.toMatch(/waits for \(or reads\) the whole body/)
  })
})

describe('CONF-006: undecodable and over-long paths refused by the server itself', () => {
  it('accepts RFC 9110 400 and 414 with a JSON or empty body that does not echo the path', () => {
    expect(line(outputs.rfc, 'CONF-006')).toMatch(/PASS\s+CONF-006/)
  })

  it('warns about a body that echoes the path', () => {
    expect(line(outputs.echo, 'CONF-006')).toMatch(/WARN\s+CONF-006 .*a body that does not echo the path/)
  })

  it('warns about a 5xx, although the contract documents 500 for the operation', () => {
    expect(line(outputs[500], 'CONF-006')).toMatch(/WARN\s+CONF-006 .*a 4xx refusal, never a 5xx/)
  })
})
