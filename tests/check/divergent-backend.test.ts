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
afterAll(async () => {
  for (const close of closers) await close()
})

const outcome = (id: string) => new RegExp(`^\\s+(PASS|FAIL|WARN|INFO|SKIP)\\s+${id}\\s`, 'm').exec(output)?.[1]

describe('tck check against a backend shaped differently from the contract', () => {
  it('still proves every ownership and authentication item it can', () => {
    for (const id of ['SPEC-006', 'BOLA-001', 'BOLA-002', 'BOLA-003', 'BOLA-004', 'INPUT-008', 'DATA-001', 'DATA-002']) expect(outcome(id), id).toBe('PASS')
    for (let n = 1; n <= 18; n++) expect(outcome(`AUTH-${String(n).padStart(3, '0')}`)).toBe('PASS')
  })

  it('reports the shape differences as contract findings, each once', () => {
    // Shape differences are the contract's extensions: warnings, led by the task body, each once.
    expect(outcome('CONF-003')).toBe('WARN')
    expect(output).toMatch(/WARN\s+CONF-003 .*: getTask, updateTask, toggleTaskCompletion got 200: the task body is wrapped under "data"/)
    const findings = output.slice(output.indexOf('WARN CONF-003 every task response body'))
    const conf = findings.slice(0, findings.indexOf('\n\n'))
    expect(conf.match(/listTasks got 200: \(root\) required: must have required property 'count'/g)?.length).toBe(1)
    expect(conf).toMatch(/createTask, getTask, updateTask, deleteTask, toggleTaskCompletion, listTasks got 401: /)
    // RFC 9110 requires the challenge on a 401: a failure.
    expect(outcome('AUTH-019')).toBe('FAIL')
    // Its own /openapi.json lacks most operations: an observation, with the differences listed.
    expect(outcome('CONF-004')).toBe('INFO')
    expect(output).toMatch(/INFO\s+CONF-004 .*: the backend's \/openapi.json differs from the contract/)
    expect(code).toBe(1)
  })

  it("lands the violations Prism's validation proxy reports in the report", () => {
    expect(proxied).toMatch(/WARN\s+CONF-005 .*Prism: response/)
  })
})
