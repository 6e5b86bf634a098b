import { noReasonLine } from '../config/baseline.ts'
import type { CheckReport } from './check-report.ts'
import type { FindingBaseline } from './parse-finding.ts'

/**
 * A finding's baseline mark as plain text (every format escapes it its own way):
 * `baselined: <reason> (until <day>)`, or `baseline entry expired on <day>: <reason>` once the
 * entry is past its last day and the finding fails again.
 */
export function baselineText(b: FindingBaseline): string {
  if (b.expired) return `baseline entry expired on ${b.expires}: ${b.reason} (no longer accepted: fix it or renew the entry)`
  return `baselined: ${b.reason}${b.expires ? ` (until ${b.expires})` : ''}`
}

/** One line on the run's baseline, e.g. `Baseline: 2 finding(s) accepted, 1 entry expired, 0 unused`; undefined without one. */
export function baselineSummary(report: CheckReport): string | undefined {
  const b = report.baseline
  if (!b) return undefined
  const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`
  return `Baseline: ${b.accepted} finding(s) accepted (reported, not failing the run), ${entries(b.expired.length)} expired, ${entries(b.unused.length)} unused`
}

/**
 * `N baseline entries have no reason yet: …` when entries still carry `--update-baseline`'s placeholder
 * reason (they cover their findings, so every report says so loudly); undefined otherwise.
 */
export function noReasonSummary(report: CheckReport): string | undefined {
  const n = report.baseline?.noReason.length ?? 0
  return n > 0 ? `${noReasonLine(n)}: each covers its finding with the --update-baseline placeholder; write why it is accepted` : undefined
}
