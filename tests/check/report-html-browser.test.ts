/**
 * The HTML report in Chromium, opened from disk as a person would: its counts agree with the JSON
 * report, the outcome filter hides items, the hostile finding stays text (no dialog, no script of
 * its own runs), and a screenshot is kept in reports/ for a look. Needs playwright-core and
 * Debian's Chromium (tests/support/chromium.ts); skipped with the reason otherwise.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCheckReport } from '../../checklist/report/check-report.ts'
import { writeCheckReports } from '../../checklist/report/write-reports.ts'
import { browserSkipReason, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts'
import { testEnv } from '../support/test-env.ts'
import { FIXTURE_CONTEXT, fixtureResult, HOSTILE } from './report-fixture.ts'

const reason = browserSkipReason(testEnv.ci)

describe.skipIf(reason !== undefined)(`the HTML report in Chromium${reason ? ` — skipped: ${reason}` : ''}`, () => {
  let browser: Browser
  const dir = mkdtempSync(join(tmpdir(), 'tck-html-report-'))
  beforeAll(async () => {
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] })
    writeCheckReports(buildCheckReport(fixtureResult(), FIXTURE_CONTEXT), ['html', 'json'], dir)
  })
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('shows the counts of the JSON report, filters by outcome and never runs what a backend answered', async () => {
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))
    const page = await browser.newPage()
    const dialogs: string[] = []
    const requests: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(pathToFileURL(join(dir, 'index.html')).href)
    for (const outcome of ['fail', 'warn', 'info', 'pass', 'skip'])
      expect(await page.locator(`[data-count="${outcome}"]`).textContent()).toBe(`${outcome.toUpperCase()} ${json.counts[outcome]}`)
    expect(await page.locator('details.item').count()).toBe(json.items.length)
    expect(await page.locator('#SPEC-002 pre').first().textContent()).toContain(HOSTILE)

    await page.screenshot({ path: resolve('reports/check-report-fixture.png'), fullPage: false })
    await page.locator('input[data-filter="pass"]').uncheck()
    expect(await page.locator('details.item:visible').count()).toBe(json.items.length - json.counts.pass)
    await page.locator('input[data-filter="pass"]').check()
    await page.locator('a[href="#SPEC-002"]').first().click()
    expect(await page.locator('#SPEC-002').getAttribute('open')).not.toBeNull()

    expect(dialogs).toEqual([])
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([])
  }, 60_000)
})
