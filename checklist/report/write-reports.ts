import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CheckReport } from './check-report.ts'
import { renderHtmlReport } from './html-report.ts'
import { renderJsonReport } from './json-report.ts'
import { renderJunitReport } from './junit-report.ts'
import { renderMarkdownReport } from './markdown-report.ts'

/** A report format `tck check --report` writes from the {@link CheckReport} (SARIF: see sarif-report.ts). */
export type CheckReportFormat = 'html' | 'md' | 'junit' | 'json'

/** Each format's renderer and file name in the report directory. */
export const CHECK_REPORT_FORMATS: Record<CheckReportFormat, { file: string; render: (report: CheckReport) => string }> = {
  html: { file: 'index.html', render: renderHtmlReport },
  md: { file: 'summary.md', render: renderMarkdownReport },
  junit: { file: 'junit.xml', render: renderJunitReport },
  json: { file: 'results.json', render: renderJsonReport },
}

/** Whether `name` is a format {@link writeCheckReports} writes. */
export const isCheckReportFormat = (name: string): name is CheckReportFormat => Object.hasOwn(CHECK_REPORT_FORMATS, name)

/**
 * Writes `formats` of `report` to `dir` (created if missing; default `reports/check`).
 * @returns the paths written, in the order of `formats`.
 */
export function writeCheckReports(report: CheckReport, formats: readonly CheckReportFormat[], dir = resolve('reports/check')): string[] {
  mkdirSync(dir, { recursive: true })
  return formats.map((format) => {
    const { file, render } = CHECK_REPORT_FORMATS[format]
    const path = join(dir, file)
    writeFileSync(path, render(report))
    return path
  })
}
