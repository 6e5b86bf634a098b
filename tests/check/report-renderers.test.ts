import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CHECKLIST } from '../../checklist/checklist.ts'
import { buildCheckReport } from '../../checklist/report/check-report.ts'
import { renderHtmlReport } from '../../checklist/report/html-report.ts'
import { renderJunitReport } from '../../checklist/report/junit-report.ts'
import { renderMarkdownReport } from '../../checklist/report/markdown-report.ts'
import { writeCheckReports } from '../../checklist/report/write-reports.ts'
import { FIXTURE_CONTEXT, FIXTURE_COUNTS, fixtureResult, HOSTILE, LIVE_TOKEN, SECRET } from './report-fixture.ts'

const report = buildCheckReport(fixtureResult(), FIXTURE_CONTEXT, { date: '2026-01-02T03:04:05Z', toolVersion: '9.9.9' })
const html = renderHtmlReport(report)
const md = renderMarkdownReport(report)
const junit = renderJunitReport(report)

describe.each([
  ['html', html],
  ['markdown', md],
  ['junit', junit],
])('the %s report', (_name, text) => {
  it('escapes what the backend answered and masks live credentials', () => {
    // The fixture's finding does carry the hostile body: escaping is what keeps it out.
    expect(report.items.find((i) => i.id === 'SPEC-002')!.findings[0]!.text).toContain(HOSTILE)
    expect(text).not.toContain('<script>alert')
    expect(text).not.toContain('<img src=x')
    expect(text).toContain('&lt;script&gt;')
    expect(text).not.toContain(LIVE_TOKEN)
    expect(text).not.toContain(SECRET)
  })
})

describe('the HTML report', () => {
  it('is one self-contained page: inline CSS and JS, nothing fetched', () => {
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=["']?http|url\(/i)
    expect(html).toContain("default-src 'none'")
    expect(html).toContain('prefers-color-scheme: dark')
    expect(html).toContain('@media print')
  })

  it('shows the run, the counts, a matrix cell per operation and group, and every item', () => {
    expect(html).toContain('tasks-tck <b>9.9.9</b>')
    expect(html).toContain('auth <b>shared-secret</b>')
    for (const [outcome, n] of Object.entries(FIXTURE_COUNTS))
      if (outcome !== 'notRun') expect(html).toContain(`data-count="${outcome}">${outcome.toUpperCase()} ${n}<`)
    for (const item of CHECKLIST) expect(html).toContain(`id="${item.id}"`)
    expect(html).toMatch(/<tr><th>listTasks<\/th>.*?<td class="cell o-fail" data-outcome="fail"><a href="#SPEC-002"/)
    expect(html).toMatch(/<tr><th>createTask<\/th>.*?<a href="#AUTH-020"/)
    // A passing per-operation case puts its operation in the matrix too.
    expect(html).toMatch(/<tr><th>deleteTask<\/th><td class="cell o-none">·<\/td><td class="cell o-pass" data-outcome="pass"><a href="#AUTH-001"/)
    expect(html).toContain('<b>Fix:</b>')
    expect(html).toContain('data-filter="fail"')
  })
})

describe('the Markdown summary', () => {
  it('gives the counts and a table row per FAIL and WARN item, details collapsed', () => {
    expect(md).toContain(`| ${FIXTURE_COUNTS.fail} | ${FIXTURE_COUNTS.warn} | ${FIXTURE_COUNTS.info} | ${FIXTURE_COUNTS.pass} | ${FIXTURE_COUNTS.skip} |`)
    expect(md.match(/^\| ❌ FAIL \|/gm)).toHaveLength(1)
    expect(md.match(/^\| ⚠️ WARN \|/gm)).toHaveLength(1)
    expect(md).toContain('<details><summary>❌ FAIL <b>SPEC-002</b>')
  })
})

describe('the JUnit report', () => {
  it('has one test case per checklist item: a failure with its findings, skipped with the reason', () => {
    expect(junit.match(/<testcase /g)).toHaveLength(CHECKLIST.length)
    expect(junit.match(/<failure /g)).toHaveLength(1)
    expect(junit).toMatch(/<testcase classname="tck.SPEC" name="SPEC-002 [^"]*" time="0">\s*<failure message="listTasks got 200 — expected status 403"/)
    expect(junit).toContain('<skipped message="needs the run to go through Prism&#39;s validation proxy (--proxy)"/>')
    expect(junit).toContain('<skipped message="not selected by the filter"/>')
    expect(junit).toMatch(/<testsuites [^>]*tests="\d+" failures="1"/)
  })
})

describe('writeCheckReports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tck-report-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('writes index.html, summary.md, junit.xml and results.json', () => {
    const paths = writeCheckReports(report, ['html', 'md', 'junit', 'json'], dir)
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(['index.html', 'summary.md', 'junit.xml', 'results.json'])
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).counts).toEqual(FIXTURE_COUNTS)
  })
})

describe('the Markdown summary of a run with many findings', () => {
  it('stays under the 65,536 characters of a pull-request comment', () => {
    const result = fixtureResult()
    const long = result.items['SPEC-002']!.details[0]!.repeat(50)
    for (const id of Object.keys(result.items))
      result.items[id] = { outcome: 'fail', notes: ['listTasks got 200 — expected status 403'], details: [long], ran: true }
    const text = renderMarkdownReport(buildCheckReport(result, FIXTURE_CONTEXT))
    expect(text.length).toBeLessThan(65_536)
    expect(text).toMatch(/… \d+ more item\(s\) with findings/)
    expect(text.match(/^\| ❌ FAIL \|/gm)).toHaveLength(CHECKLIST.length)
  })
})
