import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { CONTRACT_PATH } from '../../contracts/load-contract.ts'
import { CHECKLIST } from '../../checklist/checklist.ts'
import type { ChecklistResult, ItemResult } from '../../checklist/run-checklist.ts'
import { applyBaseline } from '../../checklist/config/baseline.ts'
import { buildCheckReport } from '../../checklist/report/check-report.ts'
import { sarifReport, writeSarifReport, type SarifLog } from '../../checklist/report/sarif-report.ts'
import { openApiFileProblem } from '../../checklist/report/openapi-locations.ts'
import { ITEM_WEAKNESSES, itemTaxonomy } from '../../checklist/report/item-taxonomy.ts'
import { validateSarif } from '../support/sarif-schema.ts'

/**
 * `--report sarif`: valid against the SARIF 2.1.0 schema (vendored, see tests/fixtures/README.md),
 * one rule per checklist item, levels from outcomes, OWASP/CWE tags, no live token, and each
 * finding located at its operation's line in the contract or in the backend's own OpenAPI file.
 */
const ROOT = resolve(import.meta.dirname, '../..')
const validate = validateSarif

// A token made for this test (never a real credential): user A's live token, so reports mask it.
const TOKEN = `eyJhbGciOiJFZERTQSJ9.${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`

const pass = (): ItemResult => ({ outcome: 'pass', notes: [], details: [], ran: true })
const items: Record<string, ItemResult> = Object.fromEntries(CHECKLIST.map((i) => [i.id, pass()]))
/** An item result as the runner records it: a note per finding, and its full story (with a curl line) as the detail. */
const found = (outcome: ItemResult['outcome'], ...notes: string[]): ItemResult => ({
  outcome,
  notes,
  details: notes.map(
    (n) =>
      `${n}\nrequest: GET http://127.0.0.1:8000/api/user-a/tasks\nreproduce: curl -H 'Authorization: Bearer ${TOKEN}' http://127.0.0.1:8000/api/user-a/tasks`,
  ),
  ran: true,
})
items['BOLA-001'] = found('fail', 'getTask got 200 — expected status 403', 'listTasks, createTask got 200 — expected status 403')
items['AUTH-020'] = found('fail', `createTask got 401 — body echoes the token ${TOKEN}`)
items['AUTH-019'] = found('warn', 'PATCH /api/user-a/tasks/0f0e/complete got 401 — expected WWW-Authenticate: Bearer')
items['INPUT-010'] = found('fail', 'GET /v1/user-a/tasks got 500 — expected a 4xx or 2xx')
// Baselined (checklist/config/baseline.ts): the failing item turned warn, its first note the reason.
items['BOLA-002'] = {
  ...found('warn', 'getTask got 200 — expected status 404'),
  notes: ['baselined: known, ticket 42', 'getTask got 200 — expected status 404'],
}
items['CORS-001'] = found('fail', 'OPTIONS /api/user-a/tasks got 401 — expected a successful preflight')
items['CONF-004'] = { outcome: 'info', notes: ['the backend serves no /openapi.json'], details: [], ran: true }
items['JWKS-003'] = { outcome: 'skip', notes: ['needs to rotate the issuer key'], details: [], ran: false }

/** Line (1-based) of `    <method>:` under the path `  <path>:` in the contract, found by hand. */
function contractLine(path: string, method: string): number {
  const lines = readFileSync(CONTRACT_PATH, 'utf8').split('\n')
  const start = lines.indexOf(`  ${path}:`)
  return lines.findIndex((l, i) => i > start && l === `    ${method}:`) + 1
}

const result: ChecklistResult = { passed: 0, failed: 2, skipped: 1, warned: 1, items }
const context = {
  target: 'http://127.0.0.1:8000',
  baseUrl: 'http://127.0.0.1:8000',
  strict: false,
  auth: { mode: 'better-auth' as const, claims: { extra: {} } },
  users: { a: { id: 'user-a', token: TOKEN }, b: { id: 'user-b' } },
}
const report = buildCheckReport(result, context, { toolVersion: '0.1.0', date: '2026-01-01T00:00:00Z' })
const tmp = mkdtempSync(join(tmpdir(), 'tck-sarif-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const log: SarifLog = sarifReport(report, { baseDir: ROOT })
const results = log.runs[0]!.results
const resultOf = (ruleId: string) => results.find((r) => r.ruleId === ruleId)!

describe('SARIF report', () => {
  it('is valid SARIF 2.1.0', () => {
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true)
    // The schema check has teeth: an unknown level, a rule without id, a result without message fail it.
    const broken = structuredClone(log) as any
    broken.runs[0].results[0].level = 'fatal'
    delete broken.runs[0].tool.driver.rules[0].id
    delete broken.runs[0].results[1].message
    expect(validate(broken)).toBe(false)
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/runs/0/results/0/level', '/runs/0/tool/driver/rules/0', '/runs/0/results/1']),
    )
  })

  it('has one rule per checklist item, with the fix hint in its help, and an informationUri-free driver', () => {
    const { driver } = log.runs[0]!.tool
    expect(driver).toMatchObject({ name: 'tasks-tck', version: '0.1.0' })
    expect(driver).not.toHaveProperty('informationUri')
    expect(driver.rules.map((r) => r.id)).toEqual(CHECKLIST.map((i) => i.id))
    const rule = driver.rules.find((r) => r.id === 'BOLA-001')!
    expect(rule.shortDescription.text).toBe(CHECKLIST.find((i) => i.id === 'BOLA-001')!.title)
    expect(rule.help.text).toContain('WHERE id = :id AND user_id = :sub')
    for (const r of results) expect(driver.rules[r.ruleIndex]!.id).toBe(r.ruleId)
  })

  it('reports one result per finding, its level from the outcome; passes and skips none', () => {
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['AUTH-019', 'warning'],
      ['AUTH-020', 'error'],
      ['BOLA-001', 'error'],
      ['BOLA-001', 'error'],
      // Baselined: the accepted FAIL stays an error, suppressed (next test).
      ['BOLA-002', 'error'],
      ['INPUT-010', 'error'],
      ['CONF-004', 'note'],
      ['CORS-001', 'error'],
    ])
    // Each rule's default level is its item's severity.
    const level = (id: string) => log.runs[0]!.tool.driver.rules.find((r) => r.id === id)!.defaultConfiguration.level
    expect([level('BOLA-001'), level('AUTH-015'), level('CONF-004')]).toEqual(['error', 'warning', 'note'])
  })

  it('marks a finding the baseline accepts as suppressed, with its reason', () => {
    expect(resultOf('BOLA-002')).toMatchObject({
      message: { text: 'BOLA-002: getTask got 200 — expected status 404' },
      suppressions: [{ kind: 'external', status: 'accepted', justification: 'known, ticket 42' }],
    })
    expect(resultOf('BOLA-001')).not.toHaveProperty('suppressions')
  })

  it("marks each finding with the baseline's verdict: accepted ones suppressed (also in a partly baselined item), expired ones not", () => {
    const verdict = applyBaseline(
      result,
      [
        { item: 'BOLA-001', finding: 'getTask got 200 — expected status 403', reason: 'ticket 7', expires: '2099-12-31' },
        { item: 'INPUT-010', finding: '*', reason: 'legacy gateway', expires: '2020-01-31' },
      ],
      '2026-12-06',
    )
    const baselined = sarifReport(buildCheckReport(verdict.result, context, { baseline: verdict, date: '2026-01-01T00:00:00Z' }), { baseDir: ROOT })
    expect(validate(baselined), JSON.stringify(validate.errors, null, 2)).toBe(true)
    const all = baselined.runs[0]!.results
    const [bolaKnown, bolaNew] = all.filter((r) => r.ruleId === 'BOLA-001')
    // BOLA-001 still fails (its second finding is new): only the first finding is suppressed.
    expect(bolaKnown).toMatchObject({
      level: 'error',
      baselineState: 'unchanged',
      suppressions: [{ kind: 'external', status: 'accepted', justification: 'ticket 7 (baselined until 2099-12-31)' }],
    })
    expect(bolaNew).toMatchObject({ level: 'error', baselineState: 'new' })
    expect(bolaNew).not.toHaveProperty('suppressions')
    // An expired entry no longer suppresses: recorded in the baseline, but failing again.
    const input = all.find((r) => r.ruleId === 'INPUT-010')!
    expect(input).toMatchObject({ level: 'error', baselineState: 'unchanged' })
    expect(input).not.toHaveProperty('suppressions')
    expect(all.find((r) => r.ruleId === 'AUTH-020')).toMatchObject({ baselineState: 'new' })
    // Without a baseline, no result says new or unchanged.
    expect(results.some((r) => 'baselineState' in r)).toBe(false)
  })

  it('tags items with their OWASP API Top-10 2023 and CWE ids', () => {
    const tags = (ruleId: string) => log.runs[0]!.tool.driver.rules.find((r) => r.id === ruleId)!.properties.tags
    expect(tags('BOLA-001')).toEqual(expect.arrayContaining(['security', 'OWASP-API1:2023', 'CWE-639', 'external/cwe/cwe-639']))
    expect(tags('AUTH-011')).toEqual(expect.arrayContaining(['OWASP-API2:2023', 'OWASP-API7:2023', 'CWE-918']))
    expect(tags('INPUT-001')).toEqual(expect.arrayContaining(['CWE-20', 'external/cwe/cwe-020']))
    expect(tags('CONF-001')).toEqual([])
  })

  it('maps each item to the weakness its title names, and every item whose source names an OWASP risk to a CWE', () => {
    const cwe = (id: string) => itemTaxonomy(CHECKLIST.find((i) => i.id === id)!).cwe
    const expected: [string[], string][] = [
      [['SPEC-004', 'AUTH-001'], 'CWE-306'], // missing authentication
      [['SPEC-003', 'AUTH-002', 'AUTH-003', 'AUTH-004', 'AUTH-017'], 'CWE-287'], // improper authentication
      [['AUTH-005', 'AUTH-006', 'AUTH-007', 'AUTH-008', 'AUTH-010', 'AUTH-011'], 'CWE-347'], // signature not verified
      [['AUTH-013', 'AUTH-018', 'AUTH-021'], 'CWE-613'], // expiry not enforced
      [['SPEC-002', 'BOLA-001', 'BOLA-002', 'BOLA-003'], 'CWE-639'], // BOLA
      [['BOLA-004'], 'CWE-915'], // mass assignment
      [['BOLA-005'], 'CWE-696'], // validation before authorization
      [['INPUT-005', 'JWKS-001', 'JWKS-002', 'DOS-001', 'DOS-002'], 'CWE-770'], // resource consumption
      [['CORS-002', 'CORS-003', 'CORS-004'], 'CWE-942'], // permissive CORS
      [['SPEC-005', 'AUTH-020'], 'CWE-209'], // error leakage
      [['AUTH-011'], 'CWE-918'], // SSRF via jku/x5u
      [['AUTH-023'], 'CWE-1392'], // default (placeholder) keys
      [['INPUT-007'], 'CWE-176'], // Unicode
      [['DATA-001'], 'CWE-362'], // race
    ]
    for (const [ids, id] of expected) for (const item of ids) expect(cwe(item), item).toContain(id)
    for (const item of CHECKLIST) if (/\bAPI\d+:2023\b/.test(item.source.ref)) expect(cwe(item.id), item.id).not.toEqual([])
    for (const id of Object.keys(ITEM_WEAKNESSES)) expect(CHECKLIST.map((i) => i.id)).toContain(id)
    // Conformance and function only: no weakness class.
    for (const id of ['SPEC-001', 'SPEC-006', 'AUTH-019', 'DATA-002', 'CONF-001', 'CORS-001', 'JWKS-003']) expect(cwe(id), id).toEqual([])
  })

  it('masks live tokens in messages', () => {
    expect(JSON.stringify(log)).not.toContain(TOKEN.split('.')[2])
    expect(resultOf('AUTH-020').message.text).toBe('AUTH-020: createTask got 401 — body echoes the token $TCK_TOKEN')
  })

  it("points each finding at its operation's line in the contract", () => {
    const at = (ruleId: string) => resultOf(ruleId).locations[0]!
    expect(at('BOLA-001').physicalLocation).toEqual({
      artifactLocation: { uri: 'contracts/task-api.yaml' },
      region: { startLine: contractLine('/api/{user_id}/tasks/{task_id}', 'get'), startColumn: 5 },
    })
    expect(at('BOLA-001').logicalLocations?.[0]).toMatchObject({ name: 'getTask', fullyQualifiedName: 'GET /api/{user_id}/tasks/{task_id}' })
    expect(at('AUTH-019').physicalLocation.region.startLine).toBe(contractLine('/api/{user_id}/tasks/{task_id}/complete', 'patch'))
    expect(at('AUTH-020').physicalLocation.region.startLine).toBe(contractLine('/api/{user_id}/tasks', 'post'))
    // Another base path than the contract's /api: the same operation.
    expect(at('INPUT-010').physicalLocation.region.startLine).toBe(contractLine('/api/{user_id}/tasks', 'get'))
    // A finding naming two operations: one location each.
    const grouped = results.filter((r) => r.ruleId === 'BOLA-001')[1]!
    expect(grouped.locations.map((l) => l.physicalLocation.region.startLine)).toEqual([
      contractLine('/api/{user_id}/tasks', 'get'),
      contractLine('/api/{user_id}/tasks', 'post'),
    ])
    // A method the contract does not declare (a CORS preflight): the path's line.
    const lines = readFileSync(CONTRACT_PATH, 'utf8').split('\n')
    expect(at('CORS-001').physicalLocation.region.startLine).toBe(lines.indexOf('  /api/{user_id}/tasks:') + 1)
    expect(at('CORS-001').logicalLocations?.[0]?.fullyQualifiedName).toBe('OPTIONS /api/{user_id}/tasks')
    // A finding naming no operation points at the contract's paths.
    expect(at('CONF-004').physicalLocation.region.startLine).toBe(readFileSync(CONTRACT_PATH, 'utf8').split('\n').indexOf('paths:') + 1)
  })

  it("points at the backend's own OpenAPI file when given and it has the operation", () => {
    const own = {
      openapi: '3.1.0',
      info: { title: 'backend', version: '1' },
      paths: { '/api/{uid}/tasks/{tid}': { get: { operationId: 'read_task_api__uid__tasks__tid__get', responses: { 200: { description: 'ok' } } } } },
    }
    const file = join(tmp, 'openapi.json')
    writeFileSync(file, JSON.stringify(own, null, 2))
    const withOwn = sarifReport(report, { baseDir: tmp, openApiPath: file })
    expect(validate(withOwn)).toBe(true)
    const locationOf = (ruleId: string) => withOwn.runs[0]!.results.find((r) => r.ruleId === ruleId)!.locations[0]!.physicalLocation
    const getLine =
      JSON.stringify(own, null, 2)
        .split('\n')
        .findIndex((l) => l.includes('"get":')) + 1
    expect(locationOf('BOLA-001')).toEqual({ artifactLocation: { uri: 'openapi.json' }, region: { startLine: getLine, startColumn: 7 } })
    expect(JSON.parse(readFileSync(writeSarifReport(report, tmp, { baseDir: tmp, openApiPath: file }), 'utf8'))).toEqual(withOwn)
    // Not in the backend's file: the contract's operation.
    expect(locationOf('AUTH-020').artifactLocation.uri).toMatch(/contracts\/task-api\.yaml$/)
  })

  it("says why a file cannot serve as the backend's OpenAPI file (tck check --openapi)", () => {
    const bad = join(tmp, 'bad.yaml')
    writeFileSync(bad, 'paths: [')
    expect(openApiFileProblem(bad)).toMatch(/^--openapi .*bad\.yaml: not YAML or JSON/)
    expect(openApiFileProblem(join(ROOT, 'package.json'))).toMatch(/no operations under "paths"$/)
    expect(openApiFileProblem(join(tmp, 'missing.yaml'))).toMatch(/ENOENT/)
    expect(openApiFileProblem(CONTRACT_PATH)).toBeUndefined()
  })
})
