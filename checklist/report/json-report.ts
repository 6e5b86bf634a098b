import type { CheckReport } from './check-report.ts'

/**
 * `results.json`: the {@link CheckReport} itself (what `buildCheckReport` returns; every text masked),
 * pretty-printed with a trailing newline so diffs of two runs read well.
 */
export function renderJsonReport(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
