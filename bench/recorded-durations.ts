import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { RecordedFigure } from './results.ts'

/** Wall time of a Vitest JSON report: from its `startTime` to the last file's `endTime`, in seconds. */
function vitestSeconds(file: string): number | undefined {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { startTime?: number; testResults?: { endTime?: number }[] }
  const ends = (report.testResults ?? []).map((r) => r.endTime ?? 0)
  return report.startTime && ends.length > 0 ? (Math.max(...ends) - report.startTime) / 1000 : undefined
}

/** Playwright's own `stats.duration`, in seconds. */
function playwrightSeconds(file: string): number | undefined {
  const duration = (JSON.parse(readFileSync(file, 'utf8')) as { stats?: { duration?: number } }).stats?.duration
  return duration === undefined ? undefined : duration / 1000
}

const READERS = [
  ['vitest.json', vitestSeconds],
  ['playwright.json', playwrightSeconds],
  ['vitest-reliability.json', vitestSeconds],
] as const

/**
 * `npm test`'s duration from the reports its runners left in `reportsDir` (bin/run-tests.mjs runs
 * Vitest, Playwright and the reliability suite one after another, each writing a JSON report): the
 * sum of their durations, npm's own start-up not included. `undefined` unless all three are there,
 * since a partial sum would flatter the figure.
 */
export function recordedNpmTest(reportsDir: string): RecordedFigure | undefined {
  let seconds = 0
  let newest = 0
  for (const [name, read] of READERS) {
    const file = join(reportsDir, name)
    let part: number | undefined
    try {
      part = read(file)
      newest = Math.max(newest, statSync(file).mtimeMs)
    } catch {
      return undefined
    }
    if (part === undefined) return undefined
    seconds += part
  }
  const when = new Date(newest).toISOString().slice(0, 16).replace('T', ' ')
  return { seconds, source: `sum of the runners' durations in ${reportsDir}/{vitest,playwright,vitest-reliability}.json (last \`npm test\`, ${when} UTC)` }
}

/** A figure given on the command line (`--npm-test-seconds`, `--ci-seconds`): the last known one. */
export function givenFigure(value: string | undefined, option: string): RecordedFigure | undefined {
  const seconds = Number(value)
  return value !== undefined && seconds > 0 ? { seconds, source: `given with ${option} (last known figure, not measured by this run)` } : undefined
}
