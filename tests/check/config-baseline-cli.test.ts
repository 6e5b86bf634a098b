import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { startDivergentBackend } from '../support/divergent-backend.ts'
import { useTckProcesses } from '../support/spawn-tck.ts'

/**
 * `tck check` with no flag but the filter: the config file gives target and auth, its severity
 * override turns a warning into a FAIL, the baseline accepts it, and an expired entry fails again.
 */
const { tck, tempDir } = useTckProcesses('tck-config-cli-')
let closers: (() => Promise<void>)[] = []
let dir = ''
beforeAll(async () => {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  const backend = await startDivergentBackend({ jwksUrl: `${listener.url}/api/auth/jwks`, issuer: issuer.issuer, origin: 'http://localhost:3000' })
  closers = [backend.close, listener.close]
  dir = tempDir()
  const config = { target: backend.url, auth: { mode: 'jwks', issuerUrl: listener.url }, severity: { 'CONF-003': 'fail' }, baseline: 'tck-baseline.json' }
  writeFileSync(join(dir, 'tck.config.jsonc'), `// written by a test\n${JSON.stringify(config, null, 2)}\n`)
}, 60_000)
afterAll(async () => {
  for (const close of closers) await close()
})

const run = async (...args: string[]) => {
  const p = tck(['check', '-t', 'CONF-003', ...args], {}, dir)
  return { code: await p.exited, output: p.output() }
}

describe('tck check with a config file and a baseline', () => {
  it('turns a known FAIL into a reported-but-passing run, and an expired entry back into a FAIL', async () => {
    writeFileSync(
      join(dir, 'expired.json'),
      JSON.stringify({ entries: [{ item: 'CONF-003', finding: '*', reason: 'wrapped bodies until v2', expires: '2020-01-31' }] }),
    )
    // A file that is not JSON (a token file given by mistake) is reported by line and column, never quoted.
    const token = `eyJhbGciOiJIUzI1NiJ9.${'x'.repeat(24)}`
    writeFileSync(join(dir, 'token.txt'), token)
    const [updated, expired, missing, notJson] = await Promise.all([
      run('--update-baseline'),
      run('--baseline', 'expired.json'),
      run('--baseline', 'missing.json'),
      run('--baseline', 'token.txt'),
    ])
    expect(notJson.code).toBe(2)
    expect(notJson.output).toContain('token.txt: not JSON (line 1, column 1)')
    expect(notJson.output).not.toContain(token.slice(0, 6))
    // The config's severity override makes the warning a FAIL; the expired entry no longer covers it.
    expect(expired.code, expired.output).toBe(1)
    expect(expired.output).toMatch(/FAIL\s+CONF-003/)
    expect(expired.output).toContain('EXPIRED  CONF-003 * (every finding): entry expired after 2020-01-31 (wrapped bodies until v2)')
    // A baseline that is not there is said before the run, not after it.
    expect(missing.code).toBe(2)
    expect(missing.output).toContain('missing.json: no such file (create it with --update-baseline)')
    expect(missing.output).not.toContain('Checking')

    expect(updated.code, updated.output).toBe(0)
    const written = JSON.parse(readFileSync(join(dir, 'tck-baseline.json'), 'utf8'))
    expect(written.entries).toEqual([expect.objectContaining({ item: 'CONF-003', reason: expect.stringContaining('--update-baseline') })])
    const known = await run()
    expect(known.code, known.output).toBe(0)
    expect(known.output).toMatch(/WARN\s+CONF-003 .*: baselined: accepted by --update-baseline/)
    expect(known.output).toMatch(/Baseline: \d+ finding\(s\) baselined/)
    // The placeholder reason covers, but every run says so.
    expect(known.output).toContain('NO REASON  1 baseline entry has no reason yet')
  }, 180_000)
})
