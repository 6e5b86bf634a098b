/**
 * `--baseline FILE`: findings a team has accepted, each with a reason and an optional expiry date.
 * A finding an entry matches is reported as baselined and does not fail the run; a new finding
 * does; an entry past its `expires` date no longer covers its finding, which fails again. An entry
 * names its finding; `"finding": "*"` is the explicit "every finding of this item, also new ones".
 * The file itself (entries, problems, reading, writing): checklist/config/baseline-file.ts.
 */
import type { ChecklistResult, ItemResult } from '../run-checklist.ts'
import { ANY_FINDING, type BaselineEntry, hasNoReason } from './baseline-file.ts'

export {
  ANY_FINDING,
  type BaselineEntry,
  BaselineError,
  baselineProblems,
  hasNoReason,
  placeholderReason,
  readBaseline,
  writeBaseline,
} from './baseline-file.ts'

/** A note without what changes from run to run (ids, random users, ports, timestamps), so it matches next time. */
export function findingKey(note: string): string {
  return note
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\btck_([ab])_[0-9a-f]+\b/g, '<user $1>')
    .replace(/\b\d{4}-\d{2}-\d{2}T[\d:.]+Z?\b/g, '<time>')
    .replace(/\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+/g, '//$1:<port>')
    .replace(/\b\d{5,}\b/g, '<n>')
    .trim()
}

/** The findings of an item: the first line of each detail (a note that is not a skip reason). */
export const findingsOf = (item: ItemResult): string[] => item.details.map((d) => findingKey(d.split('\n')[0] ?? ''))

/** What {@link applyBaseline} decided. */
export interface BaselineVerdict {
  /** The result with every fully baselined failing item turned into `warn`, its first note saying why. */
  result: ChecklistResult
  /** Each accepted finding ({@link findingKey} of its first line; `''` for an item without findings) with its entry's reason and expiry. */
  baselined: { item: string; finding: string; reason: string; expires?: string }[]
  /** Entries past their date whose finding is still there: no longer covered, a FAIL finding fails the run again. */
  expired: { entry: BaselineEntry; finding: string }[]
  /** Entries that matched no finding (fixed? then remove them). */
  unused: BaselineEntry[]
  /** Entries still carrying the `--update-baseline` placeholder reason ({@link hasNoReason}): they cover, and are listed loudly. */
  noReason: BaselineEntry[]
  /** Whether an item still fails (a new or expired finding); a failure outside any item is the caller's (`settleRun`). */
  failing: boolean
  /** Lines for the console, after the summary. */
  text: string
}

const names = (e: BaselineEntry, item: string, finding: string) => e.item === item && (e.finding === ANY_FINDING || findingKey(e.finding) === finding)

/** The entry for a finding: an exact unexpired one first, then a `*` one, then expired ones (exact first); file order within each. */
function entryFor(entries: readonly BaselineEntry[], item: string, finding: string, today: string): BaselineEntry | undefined {
  const rank = (e: BaselineEntry) => (e.expires && e.expires < today ? 2 : 0) + (e.finding === ANY_FINDING ? 1 : 0)
  return entries.filter((e) => names(e, item, finding)).sort((a, b) => rank(a) - rank(b))[0]
}

/** What reports need of a {@link BaselineVerdict}: the verdict on each finding (checklist/report/baseline-marks.ts). */
export type BaselineMarks = Pick<BaselineVerdict, 'baselined' | 'expired' | 'unused' | 'noReason'>

const shown = (e: BaselineEntry) => `${e.item} ${e.finding === ANY_FINDING ? '* (every finding)' : e.finding === '' ? '(no finding text)' : `"${e.finding}"`}`

/** Applies `entries` to `result` on `today` (`YYYY-MM-DD`). Pure: nothing is read or written. */
export function applyBaseline(result: ChecklistResult, entries: readonly BaselineEntry[], today: string): BaselineVerdict {
  const verdict: Omit<BaselineVerdict, 'failing' | 'text'> = {
    result: { ...result, items: { ...result.items } },
    baselined: [],
    expired: [],
    unused: [],
    noReason: entries.filter(hasNoReason),
  }
  const used = new Set<BaselineEntry>()
  for (const [id, item] of Object.entries(result.items)) {
    if (item.outcome !== 'fail' && item.outcome !== 'warn') continue
    const findings = findingsOf(item)
    let open = false
    const reasons: string[] = []
    for (const finding of findings.length > 0 ? findings : ['']) {
      const entry = entryFor(entries, id, finding, today)
      if (!entry) open = true
      else {
        used.add(entry)
        if (entry.expires && entry.expires < today) {
          verdict.expired.push({ entry, finding })
          open = true
        } else {
          verdict.baselined.push({ item: id, finding, reason: entry.reason, ...(entry.expires && { expires: entry.expires }) })
          if (!reasons.includes(entry.reason)) reasons.push(entry.reason)
        }
      }
    }
    if (item.outcome === 'fail' && !open) verdict.result.items[id] = { ...item, outcome: 'warn', notes: [`baselined: ${reasons.join('; ')}`, ...item.notes] }
  }
  verdict.unused = entries.filter((e) => !used.has(e))
  const failing = Object.values(verdict.result.items).some((i) => i.outcome === 'fail')
  const lines = [
    `Baseline: ${verdict.baselined.length} finding(s) baselined (reported, not failing the run)`,
    ...[...new Set(verdict.expired.map((x) => x.entry))].map(
      (e) => `  EXPIRED  ${shown(e)}: entry expired after ${e.expires} (${e.reason}), no longer baselined: fix it or renew the entry`,
    ),
    ...verdict.unused.map((e) => `  unused   ${shown(e)}: matched no finding (fixed? remove the entry)`),
    ...(verdict.noReason.length > 0 ? [`  NO REASON  ${noReasonLine(verdict.noReason.length)}: replace the placeholder with why it is accepted`] : []),
    ...verdict.noReason.map((e) => `    ${shown(e)}`),
  ]
  return { ...verdict, failing, text: `${lines.join('\n')}\n` }
}

/** `N baseline entries have no reason yet` (`1 baseline entry has …`). */
export const noReasonLine = (n: number) => `${n} baseline ${n === 1 ? 'entry has' : 'entries have'} no reason yet`

/**
 * The baseline for the current findings (`''` for a failing item without one): existing entries keep
 * their reason and expiry, a `*` entry stays as it is; new ones get `reason`.
 */
export function updateBaseline(result: ChecklistResult, previous: readonly BaselineEntry[], reason: string): BaselineEntry[] {
  const entries = Object.entries(result.items).flatMap(([id, item]) => {
    if (item.outcome !== 'fail' && item.outcome !== 'warn') return []
    const findings = findingsOf(item)
    return [...new Set(findings.length > 0 ? findings : [''])].map((finding) => {
      const old = entryFor(previous, id, finding, '')
      return old?.finding === ANY_FINDING ? old : { item: id, finding, reason: old?.reason ?? reason, ...(old?.expires && { expires: old.expires }) }
    })
  })
  return [...new Set(entries)]
}
