import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  applyBaseline,
  baselineProblems,
  findingKey,
  placeholderReason,
  readBaseline,
  updateBaseline,
  type BaselineEntry,
} from '../../checklist/config/baseline.ts'
import { applySeverityOverrides, settleRun } from '../../checklist/config/settle-run.ts'
import type { ChecklistResult, ItemResult } from '../../checklist/run-checklist.ts'

/** A baseline turns known findings into reported-but-passing ones; new findings and expired entries fail. */
const dir = mkdtempSync(join(tmpdir(), 'tck-baseline-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const BOLA = 'getTask got 200 — expected status 404'
const item = (outcome: ItemResult['outcome'], findings: string[] = []): ItemResult => ({
  outcome,
  notes: findings,
  details: findings.map((f) => `${f}\n  GET http://127.0.0.1:51234/api/tck_b_a1b2c3/tasks/1`),
  ran: true,
})
const run = (items: Record<string, ItemResult>): ChecklistResult => ({
  passed: 1,
  failed: Object.values(items).filter((i) => i.outcome === 'fail').length,
  skipped: 0,
  warned: 0,
  items: { 'SPEC-001': item('pass'), ...items },
})
const TODAY = '2026-12-06'

describe('applyBaseline', () => {
  it('reports a baselined FAIL as a passing warning with its reason; a new finding still fails', () => {
    const entries: BaselineEntry[] = [{ item: 'BOLA-001', finding: BOLA, reason: 'fixed in PR 42', expires: '2026-12-31' }]
    const known = applyBaseline(run({ 'BOLA-001': item('fail', [BOLA]) }), entries, TODAY)
    expect(known.failing).toBe(false)
    expect(known.result.items['BOLA-001']).toMatchObject({ outcome: 'warn', notes: ['baselined: fixed in PR 42', BOLA] })
    expect(known.baselined).toEqual([{ item: 'BOLA-001', finding: BOLA, reason: 'fixed in PR 42', expires: '2026-12-31' }])
    expect(known.text).toMatch(/^Baseline: 1 finding\(s\) baselined/)

    const fresh = applyBaseline(run({ 'BOLA-001': item('fail', [BOLA, 'listTasks got 200 — expected status 404']) }), entries, TODAY)
    expect(fresh.failing).toBe(true)
    expect(fresh.result.items['BOLA-001']!.outcome).toBe('fail')
    const other = applyBaseline(run({ 'AUTH-001': item('fail', ['listTasks got 200 — expected status 401']) }), entries, TODAY)
    expect(other.failing).toBe(true)
    expect(other.unused).toEqual(entries)
    expect(other.text).toContain('unused   BOLA-001')
  })

  it('fails again once an entry has expired, naming it', () => {
    const entries: BaselineEntry[] = [{ item: 'BOLA-001', finding: BOLA, reason: 'fixed in PR 42', expires: '2026-12-05' }]
    const verdict = applyBaseline(run({ 'BOLA-001': item('fail', [BOLA]) }), entries, TODAY)
    expect(verdict.failing).toBe(true)
    expect(verdict.expired).toEqual([{ entry: entries[0], finding: BOLA }])
    expect(verdict.text).toContain(`EXPIRED  BOLA-001 "${BOLA}": entry expired after 2026-12-05 (fixed in PR 42)`)
    // The last day still counts.
    expect(applyBaseline(run({ 'BOLA-001': item('fail', [BOLA]) }), entries, '2026-12-05').failing).toBe(false)
  })

  it('an entry with "finding": "*" covers every finding of its item, also a new one', () => {
    const verdict = applyBaseline(
      run({ 'CONF-005': item('fail', ['a', 'b']) }),
      [{ item: 'CONF-005', finding: '*', reason: 'contract drift, ticket 7' }],
      TODAY,
    )
    expect(verdict.failing).toBe(false)
    expect(verdict.baselined).toHaveLength(2)
    // A specific entry covers only its finding: a new finding of the item fails.
    expect(applyBaseline(run({ 'CONF-005': item('fail', ['a', 'b']) }), [{ item: 'CONF-005', finding: 'a', reason: 'r' }], TODAY).failing).toBe(true)
  })

  it('prefers an exact, unexpired entry over a * one or an expired one, and lists an expired entry once', () => {
    const expiredAll: BaselineEntry = { item: 'BOLA-001', finding: '*', reason: 'old, ticket 1', expires: '2026-01-31' }
    const renewed: BaselineEntry = { item: 'BOLA-001', finding: BOLA, reason: 'renewed, ticket 2', expires: '2027-01-31' }
    const one = applyBaseline(run({ 'BOLA-001': item('fail', [BOLA]) }), [expiredAll, renewed], TODAY)
    expect(one.failing).toBe(false)
    expect(one.baselined).toEqual([{ item: 'BOLA-001', finding: BOLA, reason: 'renewed, ticket 2', expires: '2027-01-31' }])
    // Both unexpired: the exact entry, not the * one, gives the reason.
    const all: BaselineEntry = { item: 'BOLA-001', finding: '*', reason: 'all, ticket 3' }
    const exact: BaselineEntry = { item: 'BOLA-001', finding: BOLA, reason: 'exact, ticket 4' }
    expect(applyBaseline(run({ 'BOLA-001': item('fail', [BOLA]) }), [all, exact], TODAY).baselined[0]!.reason).toBe('exact, ticket 4')
    // An expired exact entry gives way to an unexpired * one.
    const expiredExact: BaselineEntry = { ...exact, expires: '2026-01-31' }
    expect(applyBaseline(run({ 'BOLA-001': item('fail', [BOLA]) }), [expiredExact, all], TODAY)).toMatchObject({ failing: false, expired: [] })
    // Two findings under one expired entry: one EXPIRED line.
    const two = applyBaseline(run({ 'BOLA-001': item('fail', [BOLA, 'listTasks got 200 — expected status 404']) }), [expiredAll], TODAY)
    expect(two.failing).toBe(true)
    expect(two.expired).toHaveLength(2)
    expect(two.text.match(/EXPIRED/g)).toHaveLength(1)
  })

  it('a FAIL without a message is recorded as finding "" and then covered', () => {
    const silent = run({ 'CONF-005': { outcome: 'fail', notes: [], details: [], ran: true } })
    const entries = updateBaseline(silent, [], 'r')
    expect(entries).toEqual([{ item: 'CONF-005', finding: '', reason: 'r' }])
    expect(applyBaseline(silent, [], TODAY).failing).toBe(true)
    expect(applyBaseline(silent, entries, TODAY).failing).toBe(false)
  })

  it('entries with the --update-baseline placeholder reason still cover, and are listed', () => {
    const entries: BaselineEntry[] = [{ item: 'BOLA-001', finding: BOLA, reason: placeholderReason('2026-12-01') }]
    const verdict = applyBaseline(run({ 'BOLA-001': item('fail', [BOLA]) }), entries, TODAY)
    expect(verdict.failing).toBe(false)
    expect(verdict.noReason).toEqual(entries)
    expect(verdict.text).toContain(`NO REASON  1 baseline entry has no reason yet`)
    expect(verdict.text).toContain(`    BOLA-001 "${BOLA}"`)
    expect(applyBaseline(run({ 'BOLA-001': item('fail', [BOLA]) }), [{ ...entries[0]!, reason: 'known' }], TODAY).text).not.toContain('no reason')
  })

  it('matches findings across runs: random users, ids, ports and timestamps do not count', () => {
    expect(findingKey('GET http://127.0.0.1:51234/api/tck_a_0f12ab/tasks/3f2504e0-4f89-11d3-9a0c-0305e82c3301 at 2026-12-06T06:00:00.123Z')).toBe(
      'GET http://127.0.0.1:<port>/api/<user a>/tasks/<id> at <time>',
    )
  })
})

describe('updateBaseline and the baseline file', () => {
  it('writes the current findings and keeps the reasons and dates of existing entries', () => {
    const result = run({ 'BOLA-001': item('fail', [BOLA]), 'AUTH-022': item('warn', ['no exp claim accepted']), 'INFO-001': item('info', ['x']) })
    const previous: BaselineEntry[] = [{ item: 'BOLA-001', finding: BOLA, reason: 'fixed in PR 42', expires: '2027-01-31' }]
    expect(updateBaseline(result, previous, 'TODO')).toEqual([
      { item: 'BOLA-001', finding: BOLA, reason: 'fixed in PR 42', expires: '2027-01-31' },
      { item: 'AUTH-022', finding: 'no exp claim accepted', reason: 'TODO' },
    ])
    // A * entry stays one entry.
    const all: BaselineEntry = { item: 'BOLA-001', finding: '*', reason: 'all' }
    expect(updateBaseline(run({ 'BOLA-001': item('fail', [BOLA, 'x']) }), [all], 'TODO')).toEqual([all])
  })

  it('reports every problem of a baseline file at once', () => {
    expect(
      baselineProblems({
        entries: [
          { item: 'bola', reason: '', finding: '*' },
          { item: 'BOLA-001', reason: 'r', expires: 'soon', finding: 3 },
        ],
      }),
    ).toEqual([
      'entries[0].item must be a checklist item id like AUTH-022',
      'entries[0].reason is required: say why the finding is accepted',
      'entries[1].finding is required: the finding as the report shows it, or "*" for every finding of the item (also new ones)',
      'entries[1].expires must be a date YYYY-MM-DD',
    ])
    expect(() => readBaseline(join(dir, 'missing.json'))).toThrow(/no such file \(create it with --update-baseline\)/)
    expect(baselineProblems({ entries: [{ item: 'BOLA-001', reason: 'r' }] })).toEqual([expect.stringMatching(/^entries\[0\]\.finding is required/)])
  })

  it('says where a file stops being JSON, never what it holds', () => {
    const token = `eyJhbGciOiJIUzI1NiJ9.${'a'.repeat(20)}`
    for (const [text, where] of [
      [token, 'line 1, column 1'],
      ['{\n  "entries": [\n    { "item": "BOLA-001", }\n  ]\n}', 'line 3, column 27'],
      ['{"entries": [', 'line 1, column 14'],
      ['', 'line 1, column 1'],
    ] as const) {
      writeFileSync(join(dir, 'bad.json'), text)
      const error = (() => {
        try {
          readBaseline(join(dir, 'bad.json'))
        } catch (e) {
          return e as Error
        }
        return undefined
      })()
      expect(error?.message).toContain(`bad.json: not JSON (${where})`)
      expect(error?.message).not.toContain('eyJ')
    }
  })

  it('settleRun: --update-baseline writes the file, then the run passes; severity overrides apply first', () => {
    const path = join(dir, 'baseline.json')
    const raw = run({ 'BOLA-001': item('fail', [BOLA]), 'AUTH-022': item('warn', ['no exp']) })
    expect(settleRun(raw, { baseline: path, updateBaseline: true, today: TODAY })).toMatchObject({ failing: false })
    expect(JSON.parse(readFileSync(path, 'utf8')).entries).toHaveLength(2)
    const settled = settleRun(raw, { baseline: path, today: TODAY })
    expect(settled.failing).toBe(false)
    // The verdict on each finding goes on to the reports (checklist/report/check-report.ts).
    expect(settled.baseline?.baselined.map((b) => b.item)).toEqual(['BOLA-001', 'AUTH-022'])
    expect(settleRun(raw, { today: TODAY })).not.toHaveProperty('baseline')
    // A warning made a FAIL by the config is a new failure only when it is not baselined.
    expect(settleRun(raw, { severity: { 'AUTH-022': 'fail' }, today: TODAY }).failing).toBe(true)
    expect(settleRun(raw, { severity: { 'AUTH-022': 'fail' }, baseline: path, today: TODAY }).failing).toBe(false)
    expect(settleRun(raw, { severity: { 'BOLA-001': 'warn' } }).failing).toBe(false)
  })

  it('severity overrides leave passed and skipped items alone; under --strict a warn override still fails', () => {
    const raw = run({ 'BOLA-001': item('fail', [BOLA]), 'AUTH-002': item('skip') })
    const out = applySeverityOverrides(raw, { 'BOLA-001': 'warn', 'SPEC-001': 'fail', 'AUTH-002': 'fail' })
    expect(out.items['BOLA-001']!.outcome).toBe('warn')
    expect(out.items['SPEC-001']!.outcome).toBe('pass')
    expect(out.items['AUTH-002']!.outcome).toBe('skip')
    expect(applySeverityOverrides(raw, { 'BOLA-001': 'warn' }, true).items['BOLA-001']!.outcome).toBe('fail')
  })

  it('a failure outside any item (a check file that did not load) still fails the run', () => {
    expect(settleRun({ ...run({}), failed: 1 }).failing).toBe(true)
  })
})
