import { describe, expect, it } from 'vitest'
import { CHECKLIST } from '../../checklist/checklist.ts'
import { buildCheckReport, toolVersion } from '../../checklist/report/check-report.ts'
import { renderJsonReport } from '../../checklist/report/json-report.ts'
import { parseFinding } from '../../checklist/report/parse-finding.ts'
import { FIXTURE_CONTEXT, FIXTURE_COUNTS, fixtureResult, LIVE_TOKEN, SECRET } from './report-fixture.ts'

const report = buildCheckReport(fixtureResult(), FIXTURE_CONTEXT, { date: '2026-01-02T03:04:05Z', toolVersion: '9.9.9' })

describe('buildCheckReport', () => {
  it('carries the run, the counts by outcome and severity, and every item in catalogue order', () => {
    expect(report).toMatchObject({ target: 'http://127.0.0.1:8000', authMode: 'shared-secret', date: '2026-01-02T03:04:05.000Z', ok: false })
    expect(report.tool).toEqual({ name: 'tasks-tck', version: '9.9.9' })
    expect(report.counts).toEqual(FIXTURE_COUNTS)
    expect(report.items.map((i) => i.id)).toEqual(CHECKLIST.map((i) => i.id))
    const bySeverity = Object.values(report.bySeverity).flatMap((o) => Object.values(o))
    expect(bySeverity.reduce((a, b) => a + b, 0)).toBe(CHECKLIST.length - FIXTURE_COUNTS.notRun)
    expect(report.groups).toEqual(['SPEC', 'AUTH', 'BOLA', 'INPUT', 'DATA', 'CONF', 'CORS', 'JWKS', 'DOS'])
  })

  it('gives each item its catalogue entry, operations and statuses, curl lines and fix', () => {
    const item = report.items.find((i) => i.id === 'SPEC-002')!
    expect(item).toMatchObject({ group: 'SPEC', severity: 'fail', outcome: 'fail', source: { kind: 'spec' } })
    expect(item.fix).toBeTruthy()
    expect(item.operations).toEqual([
      { operation: 'listTasks', status: 200 },
      { operation: 'getTask', status: 200 },
    ])
    expect(item.findings[0]).toMatchObject({ summary: 'listTasks got 200 — expected status 403', expected: 'status 403' })
    expect(item.findings[0]!.curl[0]).toMatch(/^curl -i -X GET -H 'authorization: Bearer \$TCK_TOKEN'/)
  })

  it('names the operation of each per-operation case', () => {
    expect(report.items.find((i) => i.id === 'AUTH-001')!.cases).toEqual([
      { label: 'listTasks (GET /api/{user_id}/tasks)', operation: 'listTasks', outcome: 'pass' },
      { label: 'deleteTask (DELETE /api/{user_id}/tasks/{task_id})', operation: 'deleteTask', outcome: 'pass' },
    ])
    expect(report.items.find((i) => i.id === 'AUTH-020')!.cases).toEqual([{ label: '', outcome: 'warn' }])
  })

  it('masks live tokens and the shared secret everywhere', () => {
    const json = renderJsonReport(report)
    expect(json).not.toContain(LIVE_TOKEN)
    expect(json).not.toContain(SECRET)
    expect(json).toContain('$TCK_SECRET')
    expect(JSON.parse(json)).toEqual(report)
  })

  it('reads grouped notes, compared exchanges and paths off the contract', () => {
    const f = parseFinding('listTasks, createTask got 200 — expected status 401\ncompared with GET /api/x/ got 404:\nrequest:  GET http://h/api/x/')
    expect(f.operations).toEqual([
      { operation: 'listTasks', status: 200 },
      { operation: 'createTask', status: 200 },
      { operation: 'GET /api/x/', status: 404 },
    ])
    expect(parseFinding('the check file failed').operations).toEqual([])
  })

  it('marks an item a baseline accepted, and takes the verdict the CLI settled on', () => {
    const result = fixtureResult()
    result.items['SPEC-002'] = { ...result.items['SPEC-002']!, outcome: 'warn', notes: ['baselined: known, ticket 42', ...result.items['SPEC-002']!.notes] }
    const settled = buildCheckReport(result, FIXTURE_CONTEXT, { ok: true })
    expect(settled.items.find((i) => i.id === 'SPEC-002')).toMatchObject({ outcome: 'warn', baselined: 'known, ticket 42' })
    expect(settled.ok).toBe(true)
    expect(report.items.find((i) => i.id === 'SPEC-002')!.baselined).toBeUndefined()
  })

  it("reads the package's version by default", () => {
    expect(toolVersion()).toMatch(/^\d+\.\d+\.\d+/)
  })
})
