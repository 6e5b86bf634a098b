import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHECKLIST } from '../../checklist/checklist.ts'
import { BROWSER_CHECKLIST } from '../../checklist/browser-checklist.ts'
import { renderChecklistMarkdown } from '../../checklist/checklist-markdown.ts'
import { createPostgresDatabase } from '../../shared/db/postgres-database.ts'
import { useTckProcesses } from '../support/spawn-tck.ts'
import { validateSarif } from '../support/sarif-schema.ts'
import { NO_POSTGRES_REASON, testEnv } from '../support/test-env.ts'

const { tck, tempDir } = useTckProcesses('tck-check-')

const itemsLine = (output: string) => /Items: (\d+) passed, (\d+) failed, (\d+) warned, (\d+) not provable/.exec(output)

describe('tck check --target reference', () => {
  it("passes every checklist item on PGlite through Prism's validation proxy, and writes all five reports: HTML, SARIF, Markdown, JUnit and JSON", async () => {
    const reportDir = tempDir()
    const p = tck(['check', '--target', 'reference', '--proxy', '--report', 'html,sarif,md,junit,json', '--report-dir', reportDir])
    const code = await p.exited
    expect(p.output()).toContain('Checklist for reference:')
    // DOS-002 alone cannot be proven through the proxy: Prism reads a stalled upload itself.
    expect(itemsLine(p.output())?.slice(1)).toEqual([String(CHECKLIST.length - 1), '0', '0', '1'])
    expect(p.output()).toMatch(/SKIP\s+DOS-002 .*Prism, which reads the whole body/)
    expect(code).toBe(0)
    // One test case per checklist item (checklist/report/), not per Vitest case.
    const junit = readFileSync(join(reportDir, 'junit.xml'), 'utf8')
    for (const item of CHECKLIST) expect(junit).toContain(item.id)
    expect(junit.match(/<testcase /g)).toHaveLength(CHECKLIST.length)
    const json = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8'))
    expect(json).toMatchObject({ ok: true, target: 'reference', counts: { fail: 0, pass: CHECKLIST.length - 1, skip: 1 } })
    expect(json.items).toHaveLength(CHECKLIST.length)
    expect(readFileSync(join(reportDir, 'summary.md'), 'utf8')).toContain('No item failed or warned.')
    expect(existsSync(join(reportDir, 'index.html'))).toBe(true)
    // Issue 13's "done when": exactly these five files, the SARIF one valid against the SARIF 2.1.0
    // schema (tests/fixtures/), a run with a rule per item and no result.
    expect(readdirSync(reportDir).sort()).toEqual(['index.html', 'junit.xml', 'results.json', 'results.sarif', 'summary.md'])
    const sarif = JSON.parse(readFileSync(join(reportDir, 'results.sarif'), 'utf8'))
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors, null, 2)).toBe(true)
    expect(sarif).toMatchObject({ version: '2.1.0', runs: [{ results: [] }] })
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(CHECKLIST.length)
  }, 120_000)

  it('passes every checklist item with the verified-token cache off (VERIFY_CACHE=off reaches the server)', async () => {
    // The variable reaches the reference target's configuration: a bad value is its config error.
    const bad = tck(['check', '--target', 'reference'], { VERIFY_CACHE: 'sometimes' })
    expect(await bad.exited).toBe(2)
    expect(bad.output()).toContain('VERIFY_CACHE must be on or off (got "sometimes")')
    const p = tck(['check', '--target', 'reference'], { VERIFY_CACHE: 'off' })
    expect(await p.exited).toBe(0)
    expect(itemsLine(p.output())?.slice(1)).toEqual([String(CHECKLIST.length - 1), '0', '0', '1'])
  }, 120_000)

  it.skipIf(!testEnv.databaseUrl)(
    `passes every checklist item on real PostgreSQL${testEnv.databaseUrl ? '' : ` (skipped: ${NO_POSTGRES_REASON})`}`,
    async () => {
      const db = await createPostgresDatabase(testEnv.databaseUrl!)
      try {
        const p = tck(['check', '--target', 'reference', '--database-url', db.url])
        expect(await p.exited).toBe(0)
        // Without --proxy, CONF-005 (Prism's violations) is the one item this run cannot prove.
        expect(itemsLine(p.output())?.slice(1)).toEqual([String(CHECKLIST.length - 1), '0', '0', '1'])
        expect(p.output()).toMatch(/SKIP\s+CONF-005 .*--proxy/)
      } finally {
        await db.drop()
      }
    },
    120_000,
  )
})

describe('tck check failure reports', () => {
  it('shows the request, the response, the expectation and a curl line, and exits 1', async () => {
    const issuer = tck(['issuer', '--port', '0', '--state-dir', join(tempDir(), 'issuer')])
    const [, issuerUrl] = await issuer.waitFor(/^JWT_ISSUER=(\S+)$/m)
    const server = tck(['serve', '--port', '0'], {
      JWKS_URL: `${issuerUrl}/api/auth/jwks`,
      JWT_ISSUER: issuerUrl!,
      JWT_AUDIENCE: issuerUrl!,
      PGLITE_DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      TCK_FAULT: 'skip-ownership-check',
    })
    const [, api] = await server.waitFor(/Task API listening on (\S+)/, 60_000)
    const p = tck(['check', '--target', api!, '--issuer-url', issuerUrl!, '-t', 'SPEC-002'])
    expect(await p.exited).toBe(1)
    const out = p.output()
    expect(out).toMatch(/FAIL\s+SPEC-002/)
    expect(out).toMatch(/FAIL\s+SPEC-002 .*: listTasks got 200 — expected status 403/)
    expect(out).toContain('listTasks got 200 — expected status 403')
    expect(out).toMatch(/request:\s+GET http:\/\/127\.0\.0\.1:\d+\/api\/tck_a_\w+\/tasks/)
    expect(out).toMatch(/response: 200 application\/json/)
    expect(out).toMatch(/reproduce: curl -i -X GET -H 'authorization: Bearer \$TCK_TOKEN'/)
    // A valid token is a live credential: never printed.
    expect(out).not.toMatch(/Bearer eyJ/)
  }, 120_000)
})

describe('tck check usage', () => {
  it('exits 2 with the problems when options are missing or wrong', async () => {
    const p = tck(['check', '--auth', 'shared-secret', '--report', 'pdf'])
    expect(await p.exited).toBe(2)
    const q = tck(['check', '--target', 'ftp://x', '--auth', 'shared-secret'])
    expect(await q.exited).toBe(2)
    expect(q.output()).toContain('--target must be reference, msw, prism or an http(s) URL')
    expect(q.output()).toContain('--auth shared-secret needs the secret: TCK_SECRET in the environment, or --secret')
  })

  it('prints its usage with every option and the exit codes with --help', async () => {
    const p = tck(['check', '--help'])
    expect(await p.exited).toBe(0)
    expect(p.output()).toContain('Usage: tck check')
    // Every option parseArgs knows is documented, and the issuer does not take the frontend's port.
    const { OPTIONS_FOR_HELP } = await import('../../cli/check-command.ts')
    for (const name of OPTIONS_FOR_HELP) expect(p.output(), name).toContain(`--${name}`)
    expect(p.output()).toMatch(/--issuer-port N .*\(default 4455\)/)
    expect(p.output()).toContain('Exit codes: 0 no item failed, 1 an item failed, 2 usage, configuration or preflight error.')
  })
})

describe('CHECKLIST.md', () => {
  it('is the catalogue as generated by tck check --list', () => {
    expect(readFileSync(new URL('../../CHECKLIST.md', import.meta.url), 'utf8')).toBe(renderChecklistMarkdown())
  })

  it('has a check for every item and no check without an item', () => {
    const dir = new URL('../../checklist/checks/', import.meta.url)
    const source = readdirSync(dir)
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n')
    const used = new Set(source.match(/'[A-Z]+-\d{3}'/g)?.map((s) => s.slice(1, -1)))
    expect([...used].sort()).toEqual(CHECKLIST.map((i) => i.id).sort())
  })

  it('has exactly one Playwright test for every browser item and none without an item', () => {
    const dir = new URL('../../checklist/ui/specs/', import.meta.url)
    const specs = readdirSync(dir)
      .filter((f) => f.endsWith('.spec.ts'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n')
    const declared = [...specs.matchAll(/^test\(item\('(UI-\d{3})'\)/gm)].map((m) => m[1]!)
    expect(declared.sort()).toEqual(BROWSER_CHECKLIST.map((i) => i.id).sort())
  })
})
