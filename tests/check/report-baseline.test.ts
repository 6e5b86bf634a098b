import { describe, expect, it } from 'vitest'
import { applyBaseline, type BaselineEntry, placeholderReason } from '../../checklist/config/baseline.ts'
import { settleRun } from '../../checklist/config/settle-run.ts'
import { buildCheckReport } from '../../checklist/report/check-report.ts'
import { renderHtmlReport } from '../../checklist/report/html-report.ts'
import { renderJsonReport } from '../../checklist/report/json-report.ts'
import { renderJunitReport } from '../../checklist/report/junit-report.ts'
import { renderMarkdownReport } from '../../checklist/report/markdown-report.ts'
import { FIXTURE_CONTEXT, fixtureResult } from './report-fixture.ts'

/**
 * The baseline's verdict reaches every report per finding (not only per item): an accepted finding
 * is marked with its reason and last day, also inside an item that still fails; an expired entry's
 * finding says so and fails; a wholly baselined item passes in JUnit with the reason.
 */
const LIST = 'listTasks got 200 — expected status 403'
const GET = 'getTask got 200 — expected status 403'
const TODAY = '2026-12-06'

/** The fixture run (SPEC-002 fails on listTasks and getTask) with a per-operation case, settled by `entries`. */
function settled(entries: BaselineEntry[]) {
  const result = fixtureResult()
  result.items['SPEC-002']!.cases = [
    { label: 'listTasks (GET /api/{user_id}/tasks)', outcome: 'fail' },
    { label: 'getTask (GET /api/{user_id}/tasks/{task_id})', outcome: 'fail' },
  ]
  const verdict = applyBaseline(result, entries, TODAY)
  const report = buildCheckReport(verdict.result, FIXTURE_CONTEXT, {
    ok: !verdict.failing,
    baseline: verdict,
    date: '2026-12-06T08:00:00Z',
    toolVersion: '9.9.9',
  })
  const html = renderHtmlReport(report)
  /** The HTML of one item, from its `<details>` to the next. */
  const htmlOf = (id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</details>', html.indexOf(`id="${id}"`)))
  const junitOf = (id: string) => {
    const junit = renderJunitReport(report)
    const at = junit.indexOf(`name="${id} `)
    return junit.slice(at, junit.indexOf('</testcase>', at))
  }
  return { verdict, report, html, htmlOf, md: renderMarkdownReport(report), junitOf, item: report.items.find((i) => i.id === 'SPEC-002')! }
}

const both: BaselineEntry[] = [
  { item: 'SPEC-002', finding: LIST, reason: 'known, ticket 42', expires: '2099-12-31' },
  { item: 'SPEC-002', finding: GET, reason: 'known, ticket 42' },
]

describe('a wholly baselined item', () => {
  const run = settled(both)

  it('carries each finding its entry (reason, last day) and the run a baseline summary', () => {
    expect(run.item).toMatchObject({ outcome: 'warn', baselined: 'known, ticket 42' })
    expect(run.item.findings.map((f) => f.baseline)).toEqual([{ reason: 'known, ticket 42', expires: '2099-12-31' }, { reason: 'known, ticket 42' }])
    expect(run.report).toMatchObject({ ok: true, baseline: { accepted: 2, expired: [], unused: [] } })
    expect(JSON.parse(renderJsonReport(run.report)).items.find((i: { id: string }) => i.id === 'SPEC-002').findings[0].baseline).toEqual({
      reason: 'known, ticket 42',
      expires: '2099-12-31',
    })
    // Its per-operation cases take the settled outcome: the matrix shows no FAIL the run does not fail on.
    expect(run.item.cases.map((c) => c.outcome)).toEqual(['warn', 'warn'])
    expect(run.html).not.toMatch(/<td class="cell o-fail"/)
  })

  it('is marked baselined, with the reason and expiry, in HTML and Markdown', () => {
    expect(run.htmlOf('SPEC-002')).toContain('<span class="tag">baselined</span>')
    expect(run.htmlOf('SPEC-002')).toContain('data-baseline="accepted"><span class="tag">baselined</span> known, ticket 42 (until 2099-12-31)</p>')
    expect(run.html).toContain('Baseline: 2 finding(s) accepted (reported, not failing the run), 0 entries expired, 0 entries unused')
    expect(run.md).toContain('| ⚠️ WARN (baselined) | **SPEC-002**')
    expect(run.md).toContain('🔕 <i>baselined: known, ticket 42 (until 2099-12-31)</i>')
  })

  it('passes in JUnit with the reason in system-out', () => {
    expect(run.junitOf('SPEC-002')).not.toContain('<failure')
    expect(run.junitOf('SPEC-002')).toContain(
      '<system-out>BASELINED (known, ticket 42): reported, not failing the run: [baselined: known, ticket 42 (until 2099-12-31)]',
    )
  })
})

describe('a partly baselined item', () => {
  const run = settled([both[0]!])

  it('still fails, with the accepted finding marked and the new one not', () => {
    expect(run.verdict.failing).toBe(true)
    expect(run.item.outcome).toBe('fail')
    expect(run.item.baselined).toBeUndefined()
    expect(run.item.findings.map((f) => f.baseline)).toEqual([{ reason: 'known, ticket 42', expires: '2099-12-31' }, undefined])
    expect(run.item.cases.map((c) => c.outcome)).toEqual(['fail', 'fail'])
    expect(run.htmlOf('SPEC-002')).toContain('<span class="tag">1/2 baselined</span>')
    expect(run.htmlOf('SPEC-002').match(/data-baseline="accepted"/g)).toHaveLength(1)
    expect(run.md).toContain('| ❌ FAIL (1/2 baselined) | **SPEC-002**')
    expect(run.junitOf('SPEC-002')).toMatch(/<failure [^>]*>\[baselined: known, ticket 42 \(until 2099-12-31\)\]\nlistTasks got 200/)
  })
})

describe('an expired entry', () => {
  const run = settled([{ item: 'SPEC-002', finding: '*', reason: 'wrapped bodies until v2', expires: '2020-01-31' }])

  it('suppresses nothing: the item fails and every report says the entry expired', () => {
    expect(run.item.outcome).toBe('fail')
    expect(run.item.findings.map((f) => f.baseline)).toEqual([
      { reason: 'wrapped bodies until v2', expires: '2020-01-31', expired: true },
      { reason: 'wrapped bodies until v2', expires: '2020-01-31', expired: true },
    ])
    expect(run.report.ok).toBe(false)
    // One entry, listed once (it expired for both findings).
    expect(run.report.baseline?.expired).toEqual([{ item: 'SPEC-002', finding: '*', reason: 'wrapped bodies until v2', expires: '2020-01-31' }])
    expect(run.md.match(/: baseline entry expired on 2020-01-31 \(/g)).toHaveLength(1)
    expect(run.verdict.text.match(/EXPIRED/g)).toHaveLength(1)
    const line = 'baseline entry expired on 2020-01-31: wrapped bodies until v2 (no longer accepted: fix it or renew the entry)'
    expect(run.htmlOf('SPEC-002')).toContain(`data-baseline="expired"><span class="tag">baseline expired</span> ${line}`)
    expect(run.htmlOf('SPEC-002')).toContain('<span class="tag expired">baseline expired</span>')
    expect(run.html).toContain('baseline entry expired on 2020-01-31 (wrapped bodies until v2): fails again')
    expect(run.md).toContain(`⏰ <i>${line}</i>`)
    expect(run.md).toContain('| ❌ FAIL (baseline expired) | **SPEC-002**')
    expect(run.junitOf('SPEC-002')).toContain(`<failure `)
    expect(run.junitOf('SPEC-002')).toContain(`[${line}]`)
  })
})

describe('entries without a reason yet', () => {
  const placeholder = placeholderReason('2026-12-01')
  const run = settled([
    { item: 'SPEC-002', finding: LIST, reason: placeholder },
    { item: 'SPEC-002', finding: GET, reason: 'known, ticket 42' },
  ])

  it('still cover their findings, and the console, HTML and Markdown say how many have no reason', () => {
    expect(run.verdict.failing).toBe(false)
    expect(run.report.baseline?.noReason).toEqual([{ item: 'SPEC-002', finding: LIST }])
    expect(run.verdict.text).toContain('NO REASON  1 baseline entry has no reason yet')
    expect(run.html).toContain('data-baseline-no-reason><strong>1 baseline entry has no reason yet')
    expect(run.html).toContain(`SPEC-002</a> “${LIST}”: no reason yet</li>`)
    expect(run.md).toContain('> ⚠️ **1 baseline entry has no reason yet')
    expect(settled(both).html).not.toContain('no reason yet')
    expect(settled(both).md).not.toContain('no reason yet')
  })
})

describe('settleRun', () => {
  it("hands the baseline's verdict to the report; without a baseline, no report says baselined", () => {
    const plain = settleRun(fixtureResult())
    expect(plain.baseline).toBeUndefined()
    const report = buildCheckReport(plain.result, FIXTURE_CONTEXT)
    expect(report.baseline).toBeUndefined()
    expect(renderHtmlReport(report)).not.toMatch(/data-baseline|class="tag/)
    expect(renderMarkdownReport(report)).not.toMatch(/baselined|🔕/)
  })
})
