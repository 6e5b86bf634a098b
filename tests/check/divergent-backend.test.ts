import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { startDivergentBackend } from '../support/divergent-backend.ts'
import { spawnTck } from '../support/spawn-tck.ts'

/**
 * Tolerance and honesty: a secure backend shaped differently from the contract (integer ids,
 * wrapped camelCase bodies, an extra required create field, `{message}` errors without
 * WWW-Authenticate) gets its divergences reported once each, and every security item still runs.
 */
let closers: (() => Promise<void>)[] = []
let output = ''
let proxied = ''
let code: number | null = null

beforeAll(async () => {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  const backend = await startDivergentBackend({ jwksUrl: `${listener.url}/api/auth/jwks`, issuer: issuer.issuer, origin: 'http://localhost:3000' })
  closers = [backend.close, listener.close]
  const p = spawnTck(['check', '--target', backend.url, '--issuer-url', listener.url])
  const q = spawnTck(['check', '--target', backend.url, '--issuer-url', listener.url, '--proxy', '-t', 'CONF-005'])
  ;[code] = await Promise.all([p.exited, q.exited])
  output = p.output()
  proxied = q.output()
}, 180_000)
afterAll(async () => { for (const close of closers) await close() })

const outcome = (id: string) => new RegExp(`^\\s+(PASS|FAIL|WARN|SKIP)\\s+${id}\\s`, 'm').exec(output)?.[1]

describe('tck check against a backend shaped differently from the contract', () => {
  it('still proves every ownership and authentication item it can', () => {
    for (const id of ['SPEC-006', 'BOLA-001', 'BOLA-002', 'BOLA-003', 'BOLA-004', 'INPUT-008', 'DATA-001', 'DATA-002']) expect(outcome(id), id).toBe('PASS')
    for (let n = 1; n <= 18; n++) expect(outcome(`AUTH-${String(n).padStart(3, '0')}`)).toBe('PASS')
  })

  it('reports the shape differences as contract findings, each once', () => {
    expect(outcome('CONF-003')).toBe('FAIL')
    expect(outcome('AUTH-019')).toBe('FAIL')
    // Its own /openapi.json lacks most operations: a warning, with the differences listed.
    expect(outcome('CONF-004')).toBe('WARN')
    expect(output).toMatch(/WARN\s+CONF-004 .*\(the backend's \/openapi.json differs from the contract/)
    // Vitest's report of the failed check (the summary after "Checklist for" repeats its first line).
    const conf = output.slice(output.indexOf('CONF-003 every response body'), output.indexOf('Checklist for'))
    expect(conf.match(/listTasks → \(root\) required: must have required property 'count'/g)?.length).toBe(1)
    expect(code).toBe(1)
  })

  it("lands the violations Prism's validation proxy reports in the report", () => {
    expect(proxied).toMatch(/FAIL\s+CONF-005 .*Prism: response/)
  })
})
