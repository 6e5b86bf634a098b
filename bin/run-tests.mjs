#!/usr/bin/env node
// `npm test`: runs every test runner of the project and ends with one plain line
// `N passed, N failed, N skipped` summed over all of them (what CI reads), exiting non-zero on
// any failure. Each runner reports through its own reporters; this only adds up their JSON.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'

const reports = 'reports'
mkdirSync(reports, { recursive: true })

/** Vitest (`config`: its config file): console output with progress, plus its JSON reporter for the totals. */
function runVitest(config = 'vitest.config.ts', name = 'vitest', env = {}) {
  const json = `${reports}/${name}.json`
  rmSync(json, { force: true })
  const args = ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...process.argv.slice(2)]
  const { status } = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, ...env } })
  try {
    const result = JSON.parse(readFileSync(json, 'utf8'))
    return {
      passed: result.numPassedTests,
      failed: result.numFailedTests + (status !== 0 && result.numFailedTests === 0 ? 1 : 0),
      skipped: result.numPendingTests + result.numTodoTests,
    }
  } catch {
    // No report means the runner itself failed (config error, crash): count that as a failure.
    return { passed: 0, failed: 1, skipped: 0 }
  }
}

/**
 * Playwright: the browser checklist (mock and real projects; nextjs-mock and nextjs-broken with TCK_E2E_NEXTJS=1), list + HTML reporters for people, its
 * JSON reporter for the totals. Flaky (passed on retry) counts as passed; Playwright lists them.
 */
function runPlaywright() {
  const json = `${reports}/playwright.json`
  rmSync(json, { force: true })
  const { status } = spawnSync('npx', ['playwright', 'test'], { stdio: 'inherit' })
  try {
    const report = JSON.parse(readFileSync(json, 'utf8'))
    const { stats } = report
    const reasons = new Map()
    const walk = (suite) => {
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests ?? [])
          for (const a of t.annotations ?? []) {
            if (a.type === 'skip' && a.description) reasons.set(a.description, (reasons.get(a.description) ?? 0) + 1)
          }
      for (const child of suite.suites ?? []) walk(child)
    }
    for (const suite of report.suites ?? []) walk(suite)
    for (const [reason, count] of reasons) console.log(`Playwright: ${count} skipped: ${reason}`)
    return {
      passed: stats.expected + stats.flaky,
      failed: stats.unexpected + (status !== 0 && stats.unexpected === 0 ? 1 : 0),
      skipped: stats.skipped,
    }
  } catch {
    return { passed: 0, failed: 1, skipped: 0 }
  }
}

// Arguments (e.g. a file filter) are Vitest's; the browser checklist then runs on its own with `npm run test:browser`.
/**
 * The reliability suite (load, outages, shutdown): its load phases are held 15 s here instead of the
 * full 60 s of `npm run test:reliability`, unless TCK_RELIABILITY_SECONDS says otherwise.
 */
const runReliability = () =>
  runVitest('vitest.reliability.config.ts', 'vitest-reliability', { TCK_RELIABILITY_SECONDS: process.env.TCK_RELIABILITY_SECONDS ?? '15' })

const runners = process.argv.length > 2 ? [() => runVitest()] : [() => runVitest(), runPlaywright, runReliability]
const totals = runners.map((run) => run()).reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped }))
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exitCode = totals.failed > 0 ? 1 : 0
