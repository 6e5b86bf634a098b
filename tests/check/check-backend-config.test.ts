import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkBackend, TckConfigError } from '../../checklist/index.ts'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { startDivergentBackend } from '../support/divergent-backend.ts'

/**
 * `checkBackend({ config, baseline })`: the library reads a config as `tck check` does — options
 * given win, the file's severity overrides judge the items, a baseline settles `ok` — against a
 * backend whose CONF-003 is a warning (wrapped bodies), made a FAIL by the config.
 */
let closers: (() => Promise<void>)[] = []
let dir = ''
let backendUrl = ''
let issuerUrl = ''
beforeAll(async () => {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  const backend = await startDivergentBackend({ jwksUrl: `${listener.url}/api/auth/jwks`, issuer: issuer.issuer, origin: 'http://localhost:3000' })
  closers = [backend.close, listener.close]
  ;[backendUrl, issuerUrl] = [backend.url, listener.url]
  dir = mkdtempSync(join(tmpdir(), 'tck-check-backend-config-'))
  mkdirSync(join(dir, 'ci'))
  // Paths in the file are relative to the file (ci/), not to the working directory.
  const config = {
    target: backend.url,
    auth: { mode: 'jwks', issuerUrl: listener.url },
    basePath: '/not-mounted-here',
    severity: { 'CONF-003': 'fail' },
    reports: ['json'],
    reportDir: 'out',
    baseline: 'accepted.json',
  }
  writeFileSync(join(dir, 'ci/tck.config.jsonc'), `// a test's config\n${JSON.stringify(config, null, 2)}\n`)
  writeFileSync(join(dir, 'ci/accepted.json'), JSON.stringify({ entries: [{ item: 'CONF-003', finding: '*', reason: 'wrapped bodies until v2' }] }))
  writeFileSync(
    join(dir, 'expired.json'),
    JSON.stringify({ entries: [{ item: 'CONF-003', finding: '*', reason: 'wrapped bodies until v2', expires: '2020-01-31' }] }),
  )
}, 60_000)
afterAll(async () => {
  for (const close of closers) await close()
  rmSync(dir, { recursive: true, force: true })
})

describe('checkBackend with a config file and a baseline', () => {
  it("settles the verdict with the config's severity override and baseline; options given win", async () => {
    const configPath = relative(process.cwd(), join(dir, 'ci/tck.config.jsonc'))
    const notes: string[] = []
    // basePath given wins over the file's (a wrong one would stop the preflight).
    const accepted = await checkBackend({ config: configPath, basePath: '/api', filter: 'CONF-003', onNote: (t) => notes.push(t) })
    expect(accepted.items['CONF-003']).toMatchObject({ outcome: 'warn', ran: true })
    expect(accepted.items['CONF-003']!.notes[0]).toBe('baselined: wrapped bodies until v2')
    expect(accepted.ok).toBe(true)
    expect(notes.join('')).toMatch(/Baseline: \d+ finding\(s\) baselined/)
    // The report went to the file's reportDir, relative to the file.
    expect(JSON.parse(readFileSync(join(dir, 'ci/out/results.json'), 'utf8'))).toMatchObject({ ok: true })

    // The baseline option wins over the file's: its entry expired, the override's FAIL stands.
    const expired = await checkBackend({ config: configPath, basePath: '/api', filter: 'CONF-003', baseline: join(dir, 'expired.json') })
    expect(expired.items['CONF-003']!.outcome).toBe('fail')
    expect(expired.ok).toBe(false)
    expect(expired.report.ok).toBe(false)
  }, 120_000)

  it('takes the config as an object (paths from the working directory), and without a baseline the override fails the run', async () => {
    const reportDir = relative(process.cwd(), join(dir, 'object-out'))
    const result = await checkBackend({
      config: { target: backendUrl, auth: { mode: 'jwks', issuerUrl }, severity: { 'CONF-003': 'fail' }, reports: ['json'], reportDir },
      filter: 'CONF-003',
    })
    expect(result.items['CONF-003']!.outcome).toBe('fail')
    expect(result.items['CONF-003']!.notes.at(-1)).toBe('severity fail (config file; was warn)')
    expect(result.ok).toBe(false)
    // An object has no folder of its own: its reportDir is the working directory's, and the report says FAIL.
    const written = JSON.parse(readFileSync(join(dir, 'object-out/results.json'), 'utf8'))
    expect(written).toMatchObject({ ok: false })
    expect(JSON.stringify(written)).toContain('CONF-003')
  }, 120_000)

  it('refuses a bad config with every problem before starting anything', async () => {
    const error = await checkBackend({ config: { target: 1, auth: { mode: 'jwt' } } as never }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TckConfigError)
    expect((error as TckConfigError).problems).toEqual(['target: must be string', 'auth.mode: must be one of "jwks", "shared-secret", "better-auth"'])
    await expect(checkBackend({ config: join(dir, 'missing.jsonc') })).rejects.toThrow(/missing\.jsonc: no such file/)
  })
})
