import type { AuthMode, CheckContext } from '../check-context.ts'
import { CHECKLIST, type ChecklistItem, type ItemSource, type Severity } from '../checklist.ts'
import type { BaselineMarks } from '../config/baseline.ts'
import type { ChecklistResult, ItemOutcome } from '../run-checklist.ts'
import { redact } from '../support/exchange.ts'
import { baselineMarks, type CheckReportBaseline, settledCases, summarizeBaseline } from './baseline-marks.ts'
import { dedupeOperations, parseFinding, type Finding, type OperationStatus } from './parse-finding.ts'
import { toolVersion } from './tool-version.ts'

export type { CheckReportBaseline } from './baseline-marks.ts'
export type { Finding, FindingBaseline, OperationStatus } from './parse-finding.ts'
export { toolVersion } from './tool-version.ts'

export { OUTCOMES, worse } from './outcomes.ts'

/** One checklist item as a report shows it: the catalogue entry, its outcome and its findings (masked). */
export interface CheckReportItem {
  id: string
  title: string
  /** The ID's prefix: SPEC, AUTH, BOLA, INPUT, DATA, CONF, CORS, JWKS, DOS. */
  group: string
  section: ChecklistItem['section']
  source: ItemSource
  severity: Severity
  outcome: ItemOutcome
  /** False when the run's filter did not select the item (then `outcome` is `skip`). */
  ran: boolean
  /** One line per distinct finding or skip reason. */
  notes: string[]
  findings: Finding[]
  /** Every operation and status the findings name, once each. */
  operations: OperationStatus[]
  /** Every case that ran, with the contract operation its label names (per-operation checks), e.g. the AUTH battery. */
  cases: { label: string; operation?: string; outcome: ItemOutcome }[]
  /**
   * Why the item's findings are accepted, when a baseline turned its FAIL into a WARN (checklist/config/baseline.ts).
   * Each finding carries its own entry's verdict (`findings[].baseline`), also when only some are accepted.
   */
  baselined?: string
  fix?: string
  spec?: string
  needs?: string[]
}

/** Counts per outcome (items that ran; `notRun` for those the filter left out). */
export type OutcomeCounts = Record<ItemOutcome, number> & { notRun: number }

/** Everything a report format needs: the run, the counts and every item. `results.json` is this object. */
export interface CheckReport {
  tool: { name: string; version: string }
  target: string
  baseUrl: string
  authMode: AuthMode
  strict: boolean
  /** ISO 8601 date of the run. */
  date: string
  /** No item failed. */
  ok: boolean
  counts: OutcomeCounts
  /** Outcome counts per severity. */
  bySeverity: Record<Severity, Record<ItemOutcome, number>>
  /** Vitest's counts of test cases (an item may have several). */
  cases: { passed: number; failed: number; skipped: number; warned: number }
  /** Item groups in catalogue order. */
  groups: string[]
  items: CheckReportItem[]
  /** Present when the run had a baseline (`--baseline`): how many findings it accepted, and its expired and unused entries. */
  baseline?: CheckReportBaseline
}

/** Run details a report shows; date and version default to now and package.json. */
export interface CheckReportMeta {
  date?: Date | string
  toolVersion?: string
  /** The run's verdict when something beyond the items judged it (the CLI's baseline); default: no item and no case failed. */
  ok?: boolean
  /** The baseline's verdict on each finding (`settleRun(...).baseline`): findings get their mark, the report a summary. */
  baseline?: BaselineMarks
}

const empty = (): Record<ItemOutcome, number> => ({ pass: 0, fail: 0, warn: 0, info: 0, skip: 0 })
/**
 * Builds the {@link CheckReport} of a run: the catalogue's entry for each item, its outcome, its
 * findings parsed into operations, statuses and curl lines, every text masked (live tokens and the
 * shared secret become `$TCK_TOKEN` / `$TCK_SECRET`).
 */
export function buildCheckReport(
  result: ChecklistResult,
  context: Pick<CheckContext, 'target' | 'baseUrl' | 'auth' | 'strict'> & Partial<Pick<CheckContext, 'users'>>,
  meta: CheckReportMeta = {},
): CheckReport {
  const secrets: [string, string][] = []
  if (context.auth.secret) secrets.push([context.auth.secret, '$TCK_SECRET'])
  for (const user of [context.users?.a, context.users?.b]) if (user?.token) secrets.push([user.token, '$TCK_TOKEN'])
  const mask = (text: string) => secrets.reduce((out, [secret, shown]) => (secret.length >= 8 ? out.split(secret).join(shown) : out), redact(text))

  const counts: OutcomeCounts = { ...empty(), notRun: 0 }
  const bySeverity: CheckReport['bySeverity'] = { fail: empty(), warn: empty(), info: empty() }
  const items = CHECKLIST.map((entry): CheckReportItem => {
    const found = result.items[entry.id] ?? { outcome: 'skip' as const, notes: [], details: [], ran: false }
    const notes = found.notes.map(mask)
    const marks = baselineMarks(entry.id, found, meta.baseline, mask)
    const findings = found.details.map((d, i): Finding => ({ ...parseFinding(mask(d)), ...(marks[i] && { baseline: marks[i] }) }))
    // A skip or file error has a note but no detail: its operations come from the note.
    const operations = dedupeOperations([...findings.flatMap((f) => f.operations), ...notes.flatMap((n) => parseFinding(n).operations)])
    if (found.ran) {
      counts[found.outcome]++
      bySeverity[entry.severity][found.outcome]++
    } else counts.notRun++
    return {
      id: entry.id,
      title: entry.title,
      group: entry.id.replace(/-\d+$/, ''),
      section: entry.section,
      source: entry.source,
      severity: entry.severity,
      outcome: found.outcome,
      ran: found.ran,
      notes,
      findings,
      operations,
      ...(notes[0]?.startsWith('baselined: ') && { baselined: notes[0].slice('baselined: '.length) }),
      cases: settledCases(found),
      ...(entry.fix && { fix: entry.fix }),
      ...(entry.spec && { spec: entry.spec }),
      ...(entry.needs && { needs: [...entry.needs] }),
    }
  })
  const date = meta.date === undefined ? new Date().toISOString() : new Date(meta.date).toISOString()
  return {
    tool: { name: 'tasks-tck', version: meta.toolVersion ?? toolVersion() },
    target: mask(context.target),
    baseUrl: mask(context.baseUrl),
    authMode: context.auth.mode,
    strict: context.strict,
    date,
    ok: meta.ok ?? (counts.fail === 0 && result.failed === 0),
    counts,
    bySeverity,
    cases: { passed: result.passed, failed: result.failed, skipped: result.skipped, warned: result.warned },
    groups: [...new Set(items.map((i) => i.group))],
    items,
    ...(meta.baseline && { baseline: summarizeBaseline(meta.baseline, mask) }),
  }
}
