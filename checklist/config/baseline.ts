/**
 * `--baseline FILE`: findings a team has accepted, each with a reason and an optional expiry date.
 * A finding an entry matches is reported as baselined and does not fail the run; a new finding
 * does; an entry past its `expires` date no longer covers its finding, which fails again.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ChecklistResult, ItemResult } from '../run-checklist.ts'

/** One accepted finding. Without `finding` the entry covers every finding of the item. */
export interface BaselineEntry {
  /** Checklist item id, e.g. `AUTH-022`. */
  item: string
  /** The finding's stable key ({@link findingKey} of its note), e.g. `getTask got 200 — expected status 401`. */
  finding?: string
  /** Why it is accepted (required: a baseline without reasons is a mute button). */
  reason: string
  /** Last day (ISO `YYYY-MM-DD`) the entry counts; from the next day its finding fails again. */
  expires?: string
}

/** Thrown by {@link readBaseline} with every problem of the file. */
export class BaselineError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid baseline:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'BaselineError'
  }
}

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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Every problem of a parsed baseline file (`{ "entries": [...] }`); empty when valid. */
export function baselineProblems(raw: unknown): string[] {
  const entries = (raw as { entries?: unknown } | null)?.entries
  if (!Array.isArray(entries)) return ['must be an object with an "entries" array']
  return entries.flatMap((e: Partial<Record<keyof BaselineEntry, unknown>>, i) => [
    ...(typeof e?.item === 'string' && /^[A-Z]+-\d{3}$/.test(e.item) ? [] : [`entries[${i}].item must be a checklist item id like AUTH-022`]),
    ...(typeof e?.reason === 'string' && e.reason.trim() ? [] : [`entries[${i}].reason is required: say why the finding is accepted`]),
    ...(e?.finding === undefined || typeof e.finding === 'string' ? [] : [`entries[${i}].finding must be a string`]),
    ...(e?.expires === undefined || (typeof e.expires === 'string' && ISO_DATE.test(e.expires) && !Number.isNaN(Date.parse(e.expires)))
      ? []
      : [`entries[${i}].expires must be a date YYYY-MM-DD`]),
  ])
}

/** Reads a baseline file; a missing file is an empty baseline only when `missingOk` (`--update-baseline`). @throws BaselineError */
export function readBaseline(path: string, missingOk = false): BaselineEntry[] {
  if (!existsSync(path)) {
    if (missingOk) return []
    throw new BaselineError([`${path}: no such file (create it with --update-baseline)`])
  }
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new BaselineError([`${path}: not JSON (${(error as Error).message})`])
  }
  const problems = baselineProblems(raw)
  if (problems.length > 0) throw new BaselineError(problems.map((p) => `${path}: ${p}`))
  return (raw as { entries: BaselineEntry[] }).entries
}

/** What {@link applyBaseline} decided. */
export interface BaselineVerdict {
  /** The result with every fully baselined failing item turned into `warn`, its first note saying why. */
  result: ChecklistResult
  baselined: { item: string; finding: string; reason: string }[]
  /** Entries past their date whose finding is still there: no longer covered, a FAIL finding fails the run again. */
  expired: { entry: BaselineEntry; finding: string }[]
  /** Entries that matched no finding (fixed? then remove them). */
  unused: BaselineEntry[]
  /** Whether an item still fails (a new or expired finding); a failure outside any item is the caller's (`settleRun`). */
  failing: boolean
  /** Lines for the console, after the summary. */
  text: string
}

const covers = (e: BaselineEntry, item: string, finding: string) => e.item === item && (e.finding === undefined || findingKey(e.finding) === finding)

/** Applies `entries` to `result` on `today` (`YYYY-MM-DD`). Pure: nothing is read or written. */
export function applyBaseline(result: ChecklistResult, entries: readonly BaselineEntry[], today: string): BaselineVerdict {
  const verdict: Omit<BaselineVerdict, 'failing' | 'text'> = { result: { ...result, items: { ...result.items } }, baselined: [], expired: [], unused: [] }
  const used = new Set<BaselineEntry>()
  for (const [id, item] of Object.entries(result.items)) {
    if (item.outcome !== 'fail' && item.outcome !== 'warn') continue
    const findings = findingsOf(item)
    let open = false
    const reasons: string[] = []
    for (const finding of findings.length > 0 ? findings : ['']) {
      const entry = entries.find((e) => covers(e, id, finding))
      if (!entry) open = true
      else {
        used.add(entry)
        if (entry.expires && entry.expires < today) {
          verdict.expired.push({ entry, finding })
          open = true
        } else {
          verdict.baselined.push({ item: id, finding, reason: entry.reason })
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
    ...verdict.expired.map(
      ({ entry }) =>
        `  EXPIRED  ${entry.item}${entry.finding ? ` "${entry.finding}"` : ''}: entry expired after ${entry.expires} (${entry.reason}), the finding is no longer baselined: fix it or renew the entry`,
    ),
    ...verdict.unused.map((e) => `  unused   ${e.item}${e.finding ? ` "${e.finding}"` : ''}: matched no finding (fixed? remove the entry)`),
  ]
  return { ...verdict, failing, text: `${lines.join('\n')}\n` }
}

/** The baseline for the current findings: existing entries keep their reason and expiry; new ones get `reason`. */
export function updateBaseline(result: ChecklistResult, previous: readonly BaselineEntry[], reason: string): BaselineEntry[] {
  return Object.entries(result.items).flatMap(([id, item]) =>
    item.outcome === 'fail' || item.outcome === 'warn'
      ? [...new Set(findingsOf(item))].map((finding) => {
          const old = previous.find((e) => covers(e, id, finding))
          return { item: id, finding, reason: old?.reason ?? reason, ...(old?.expires && { expires: old.expires }) }
        })
      : [],
  )
}

/** Writes `entries` as a baseline file (`{ "entries": [...] }`, two-space JSON). */
export function writeBaseline(path: string, entries: readonly BaselineEntry[]): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify({ entries }, null, 2)}\n`)
}
