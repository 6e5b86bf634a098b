/**
 * The HTML report in Chromium, opened from disk as a person would: its counts agree with the JSON
 * report, the outcome filter hides items, the hostile finding stays text (no dialog, no script of
 * its own runs), and a screenshot is kept in reports/ for a look. Then the report of a REAL failing
 * run (`tck check` against the reference server with TCK_FAULT=skip-ownership-check, one finding
 * baselined): its FAIL counts agree with results.json, and its screenshots (light and dark) are
 * what the README shows: `npm run docs:screenshot` runs that test and copies them to docs/.
 * Needs playwright-core and Debian's Chromium (tests/support/chromium.ts); skipped with the reason otherwise.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCheckReport } from '../../checklist/report/check-report.ts'
import { writeCheckReports } from '../../checklist/report/write-reports.ts'
import { browserSkipReason, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts'
import { useTckProcesses } from '../support/spawn-tck.ts'
import { testEnv } from '../support/test-env.ts'
import { FIXTURE_CONTEXT, fixtureResult, HOSTILE } from './report-fixture.ts'

const reason = browserSkipReason(testEnv.ci)
const { tck, tempDir } = useTckProcesses('tck-html-failing-')

/** Where the real failing run's screenshots go; `npm run docs:screenshot` (scripts/docs-screenshot.ts) copies them to docs/. */
const SCREENSHOT_DIR = resolve('reports/docs')
/** The README's image: the light screenshot of the real failing run. */
const README_IMAGE = 'docs/check-report.png'

/** Width and height of a PNG file, from its IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path)
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

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

  it('shows a real failing run (TCK_FAULT=skip-ownership-check) as results.json counts it, baseline mark included, and screenshots it for the README', async () => {
    const dir = tempDir()
    const issuer = tck(['issuer', '--port', '0', '--state-dir', join(dir, 'issuer')])
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
    // One known finding accepted, for 90 days: the report marks it; the ownership FAILs stay.
    const expires = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10)
    const reason = 'odd task ids reach the list route: fix planned in ticket 128'
    writeFileSync(join(dir, 'baseline.json'), JSON.stringify({ entries: [{ item: 'INPUT-011', finding: '*', reason, expires }] }))
    const reports = join(dir, 'reports')
    const check = tck([
      'check',
      '--target',
      api!,
      '--issuer-url',
      issuerUrl!,
      '--report',
      'html,json',
      '--report-dir',
      reports,
      '--baseline',
      join(dir, 'baseline.json'),
    ])
    expect(await check.exited, check.output()).toBe(1)
    const json = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8'))
    const failing = json.items.filter((i: { outcome: string }) => i.outcome === 'fail').map((i: { id: string }) => i.id)
    expect(failing).toEqual(expect.arrayContaining(['SPEC-002', 'BOLA-001']))
    expect(json.items.find((i: { id: string }) => i.id === 'INPUT-011')).toMatchObject({ outcome: 'warn', baselined: reason })

    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, colorScheme })
      await page.goto(pathToFileURL(join(reports, 'index.html')).href)
      expect(await page.locator('h1 .badge').textContent()).toBe('FAILED')
      for (const outcome of ['fail', 'warn', 'info', 'pass', 'skip'])
        expect(await page.locator(`[data-count="${outcome}"]`).textContent()).toBe(`${outcome.toUpperCase()} ${json.counts[outcome]}`)
      expect(json.counts.fail).toBe(failing.length)
      expect(await page.locator('details.item[data-outcome="fail"]').count()).toBe(failing.length)
      for (const id of failing) expect(await page.locator(`#${id} > summary .badge`).textContent()).toBe('FAIL')
      await expect.poll(() => page.locator('#INPUT-011 [data-baseline="accepted"]').first().textContent()).toContain(`${reason} (until ${expires})`)
      // The README's view: passes hidden, so the failing items follow the matrix.
      await page.locator('input[data-filter="pass"]').uncheck()
      const path = join(SCREENSHOT_DIR, colorScheme === 'light' ? 'check-report.png' : 'check-report-dark.png')
      await page.screenshot({ path })
      expect(pngSize(path)).toEqual({ width: 1280, height: 1000 })
      expect(statSync(path).size).toBeLessThan(400_000)
      await page.close()
    }
  }, 120_000)
})

describe('the README', () => {
  it(`shows the screenshot of a real failing run (${README_IMAGE}, made by npm run docs:screenshot)`, () => {
    expect(readFileSync(resolve('README.md'), 'utf8')).toContain(`](${README_IMAGE})`)
    expect(existsSync(resolve(README_IMAGE))).toBe(true)
    expect(pngSize(resolve(README_IMAGE)).width).toBe(1280)
    expect(statSync(resolve(README_IMAGE)).size).toBeLessThan(400_000)
  })
})
