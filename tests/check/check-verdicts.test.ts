import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { findFreePort } from '../../shared/net/free-port.ts'
import { startDivergentBackend } from '../support/divergent-backend.ts'
import { startTrustingBackend } from '../support/trusting-backend.ts'
import { useTckProcesses } from '../support/spawn-tck.ts'

/**
 * What a verdict means: a target that cannot be checked exits 2 with one sentence; a broken
 * operation is reported once and blocks the rest; a backend without the /api prefix runs every
 * file; a same-origin deployment skips CORS with the reason.
 */
const { tck } = useTckProcesses('tck-verdicts-')
const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers) await close()
})

const line = (output: string, id: string) => new RegExp(`^\\s+(PASS|FAIL|WARN|INFO|SKIP)\\s+${id}\\s.*$`, 'm').exec(output)?.[0] ?? ''

describe('tck check preflight', () => {
  it('exits 2 with one sentence naming the URL and the cause when nothing listens there', async () => {
    const port = await findFreePort()
    const p = tck(['check', '--target', `http://127.0.0.1:${port}`, '--issuer-port', '0'])
    expect(await p.exited).toBe(2)
    expect(p.output()).toContain(`tck check: cannot reach http://127.0.0.1:${port} (ECONNREFUSED): is the backend running on that address?`)
    expect(p.output()).not.toMatch(/fetch failed|Checklist for/)
  })

  it('exits 2 naming --base-path when the list route is not where the contract puts it', async () => {
    const backend = await startTrustingBackend({ prefix: '' })
    closers.push(backend.close)
    const p = tck(['check', '--target', backend.url, '--issuer-port', '0'])
    expect(await p.exited).toBe(2)
    expect(p.output()).toMatch(
      /tck check: nothing is served at \/api\/\{user_id\}\/tasks \(GET http:\/\/127\.0\.0\.1:\d+\/api\/tck_a_\w+\/tasks answered 404\) — check --base-path/,
    )
  })

  it('exits 2 with the JWKS_URL, JWT_ISSUER and JWT_AUDIENCE to set when the backend trusts another issuer', async () => {
    const other = await createIssuer()
    const listener = await other.listen({ port: 0 })
    closers.push(listener.close)
    const backend = await startDivergentBackend({ jwksUrl: `${listener.url}/api/auth/jwks`, issuer: other.issuer, origin: 'http://localhost:3000' })
    closers.push(backend.close)
    const p = tck(['check', '--target', backend.url, '--issuer-port', '0'])
    expect(await p.exited).toBe(2)
    expect(p.output()).toMatch(
      /tck check: the backend refused a valid token \(GET \/api\/\{user_id\}\/tasks answered 401\): it does not trust this run's tokens — start it with JWKS_URL=http:\/\/127\.0\.0\.1:\d+\/api\/auth\/jwks JWT_ISSUER=\S+ JWT_AUDIENCE=\S+/,
    )
  })
})

describe('tck check verdicts', () => {
  let noPrefix: Awaited<ReturnType<typeof startTrustingBackend>>
  beforeAll(async () => {
    noPrefix = await startTrustingBackend({ prefix: '' })
    closers.push(noPrefix.close)
  })

  it('runs every check file with --base-path / and gives every skip a reason', async () => {
    const p = tck(['check', '--target', noPrefix.url, '--issuer-port', '0', '--base-path', '/'])
    expect(await p.exited).toBe(1)
    const out = p.output()
    expect(out).not.toContain('apihttp')
    for (const file of ['01-spec', '02-auth-battery', '03-ownership', '04-input', '05-conformance', '06-cors', '08-edges', '09-jwks'])
      expect(out).toMatch(new RegExp(`^\\s+${file}\\s+\\d+ checks`, 'm'))
    expect(line(out, 'CONF-001')).toMatch(/PASS|FAIL|WARN/)
    for (const skipped of out.match(/^\s+SKIP\s+\S+\s.*$/gm) ?? []) expect(skipped).toMatch(/\(.+\)$/)
    // The trusting backend accepts a forged token: named with the operations and what they answered.
    expect(line(out, 'AUTH-005')).toMatch(/FAIL\s+AUTH-005 .*: listTasks got 200; createTask got 201; .* — expected status 401/)
  }, 120_000)

  it('reports a broken operation once (SPEC-006) and the items it blocks as blocked, not failed', async () => {
    const backend = await startTrustingBackend({ brokenToggle: true })
    closers.push(backend.close)
    const p = tck(['check', '--target', backend.url, '--issuer-port', '0', '-t', 'SPEC-006|AUTH-001|AUTH-003|BOLA-001'])
    expect(await p.exited).toBe(1)
    const out = p.output()
    expect(out).toMatch(/^Broken: toggleTaskCompletion answers 500 to a valid request/m)
    expect(line(out, 'SPEC-006')).toMatch(/FAIL\s+SPEC-006 .*toggleTaskCompletion got 500/)
    // Observed on the other operations, blocked (not failed) on the broken one.
    for (const id of ['AUTH-001', 'AUTH-003', 'BOLA-001'])
      expect(line(out, id)).toMatch(new RegExp(`PASS\\s+${id} .*\\(some cases blocked by SPEC-006: toggleTaskCompletion answers 500`))
    expect(out).toMatch(/Items: 3 passed, 1 failed, 0 warned, 0 not provable on this target \(3 blocked by a broken operation\)/)
  }, 60_000)

  it('skips the CORS items with the reason for a same-origin deployment (--no-cors)', async () => {
    const p = tck(['check', '--target', noPrefix.url, '--issuer-port', '0', '--base-path', '/', '--no-cors', '-t', 'CORS|SPEC-007'])
    await p.exited
    for (const id of ['SPEC-007', 'CORS-001', 'CORS-002', 'CORS-003', 'CORS-004'])
      expect(line(p.output(), id)).toMatch(/SKIP .*\(same-origin deployment \(--no-cors\): CORS does not apply\)/)
  }, 60_000)
})
