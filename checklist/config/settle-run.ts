/**
 * The verdict of a finished run once the project's own rules are applied: the config file's
 * per-item severity overrides (`"severity": { "AUTH-022": "fail" }`), then the baseline
 * (`--baseline`, rewritten first with `--update-baseline`).
 */
import type { Severity } from '../checklist.ts'
import type { ChecklistResult, ItemOutcome } from '../run-checklist.ts'
import { applyBaseline, type BaselineMarks, placeholderReason, readBaseline, updateBaseline, writeBaseline } from './baseline.ts'

/** Options of {@link settleRun}. */
export interface SettleOptions {
  /** Per-item severity overrides (config file `severity`). */
  severity?: Readonly<Record<string, Severity>>
  strict?: boolean
  /** Baseline file path (`--baseline`). */
  baseline?: string
  /** Rewrite the baseline from this run's findings first (`--update-baseline`). */
  updateBaseline?: boolean
  /** `YYYY-MM-DD` expiry dates are compared with (default: today, UTC). */
  today?: string
}

/** The settled run: the result to summarize and report, whether it fails, and lines for the console. */
export interface SettledRun {
  result: ChecklistResult
  failing: boolean
  text: string
  /** The baseline's verdict on each finding, when a baseline was given (for the reports' per-finding marks). */
  baseline?: BaselineMarks
}

/**
 * Applies severity overrides and the baseline to `raw`. The run fails when an item still fails, or
 * when a case failed outside any item (a check file that did not load). @throws BaselineError
 */
export function settleRun(raw: ChecklistResult, options: SettleOptions = {}): SettledRun {
  const outsideItems = raw.failed > 0 && failingItems(raw).length === 0
  let result = options.severity ? applySeverityOverrides(raw, options.severity, options.strict) : raw
  let text = ''
  let baseline: BaselineMarks | undefined
  if (options.baseline) {
    let entries = readBaseline(options.baseline, options.updateBaseline)
    if (options.updateBaseline) {
      const today = options.today ?? new Date().toISOString().slice(0, 10)
      const updated = updateBaseline(result, entries, placeholderReason(today))
      writeBaseline(options.baseline, updated)
      const added = updated.filter((e) => !entries.some((o) => o.item === e.item && o.finding === e.finding)).length
      text += `Baseline ${options.baseline} written: ${updated.length} entries (${added} new: give them a reason)\n`
      entries = updated
    }
    const verdict = applyBaseline(result, entries, options.today ?? new Date().toISOString().slice(0, 10))
    result = verdict.result
    text += verdict.text
    baseline = { baselined: verdict.baselined, expired: verdict.expired, unused: verdict.unused, noReason: verdict.noReason }
  }
  return { result, failing: outsideItems || failingItems(result).length > 0, text, ...(baseline && { baseline }) }
}

/**
 * `result` with each overridden item that has a finding (outcome fail, warn or info) re-judged:
 * `fail` fails, `warn` warns (fails under `strict`), `info` records. Items that passed or were
 * skipped stay as they are. Pure. Case counts (`passed`, `failed`) stay Vitest's: judge the run by
 * its items ({@link failingItems}).
 */
export function applySeverityOverrides(result: ChecklistResult, overrides: Readonly<Record<string, Severity>>, strict = false): ChecklistResult {
  const items = { ...result.items }
  for (const [id, severity] of Object.entries(overrides)) {
    const item = items[id]
    if (!item || !['fail', 'warn', 'info'].includes(item.outcome)) continue
    const outcome: ItemOutcome = severity === 'fail' || (strict && severity === 'warn') ? 'fail' : severity
    if (outcome !== item.outcome) items[id] = { ...item, outcome, notes: [...item.notes, `severity ${severity} (config file; was ${item.outcome})`] }
  }
  return { ...result, items }
}

/** Ids of the items that fail the run. */
export const failingItems = (result: ChecklistResult): string[] => Object.keys(result.items).filter((id) => result.items[id]!.outcome === 'fail')
