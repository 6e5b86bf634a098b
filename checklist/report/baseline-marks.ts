import { type BaselineMarks, findingsOf } from '../config/baseline.ts'
import type { ItemOutcome, ItemResult } from '../run-checklist.ts'
import { worse } from './outcomes.ts'
import { caseOperation, type FindingBaseline } from './parse-finding.ts'

/** The baseline of a run as reports summarize it (entries once each, reasons masked). */
export interface CheckReportBaseline {
  /** Findings accepted (reported, not failing the run). */
  accepted: number
  /** Entries past their date whose finding is still there: it fails again. */
  expired: { item: string; finding?: string; reason: string; expires: string }[]
  /** Entries that matched no finding (fixed? then remove them). */
  unused: { item: string; finding?: string; reason: string }[]
  /** Entries still carrying the `--update-baseline` placeholder reason: they cover, and every report lists them. */
  noReason: { item: string; finding?: string }[]
}

/** The baseline's mark on each finding of an item (by its key, as the baseline matched it), in the order of its details. */
export function baselineMarks(id: string, item: ItemResult, marks: BaselineMarks | undefined, mask: (text: string) => string): (FindingBaseline | undefined)[] {
  return findingsOf(item).map((key) => {
    const accepted = marks?.baselined.find((b) => b.item === id && b.finding === key)
    if (accepted) return { reason: mask(accepted.reason), ...(accepted.expires && { expires: accepted.expires }) }
    const expired = marks?.expired.find((e) => e.entry.item === id && e.finding === key)
    return expired && { reason: mask(expired.entry.reason), expires: expired.entry.expires!, expired: true as const }
  })
}

/** The report's summary of a baseline: accepted findings; expired, unused and reasonless entries, each once. */
export function summarizeBaseline(marks: BaselineMarks, mask: (text: string) => string): CheckReportBaseline {
  const named = (e: { item: string; finding: string }) => ({ item: e.item, ...(e.finding && { finding: mask(e.finding) }) })
  return {
    accepted: marks.baselined.length,
    expired: [...new Set(marks.expired.map((x) => x.entry))].map((e) => ({ ...named(e), reason: mask(e.reason), expires: e.expires ?? '' })),
    unused: marks.unused.map((e) => ({ ...named(e), reason: mask(e.reason) })),
    noReason: marks.noReason.map(named),
  }
}

const FINDING_OUTCOMES: readonly ItemOutcome[] = ['fail', 'warn', 'info']

/**
 * The item's cases as the settled verdict sees them: when the baseline or a severity override
 * changed the item's outcome (FAIL accepted as WARN), its worst cases take the item's outcome,
 * so the matrix does not show a FAIL the run no longer fails on.
 */
export function settledCases(item: ItemResult): { label: string; operation?: string; outcome: ItemOutcome }[] {
  const cases = (item.cases ?? []).map((c) => ({ ...c, ...(caseOperation(c.label) && { operation: caseOperation(c.label)! }) }))
  if (cases.length === 0 || !FINDING_OUTCOMES.includes(item.outcome)) return cases
  const worst = cases.map((c) => c.outcome).reduce(worse)
  if (worst === item.outcome || !FINDING_OUTCOMES.includes(worst)) return cases
  return cases.map((c) => (c.outcome === worst ? { ...c, outcome: item.outcome } : c))
}
