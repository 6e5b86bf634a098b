/**
 * The baseline file (`--baseline FILE`, `{ "entries": [...] }`): its entries, its problems, reading
 * and writing it. What the entries do to a run is checklist/config/baseline.ts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { redact } from '../support/exchange.ts'
import { jsonErrorPosition } from './json-error.ts'

/** One accepted finding of an item, or with `"finding": "*"` every finding of the item. */
export interface BaselineEntry {
  /** Checklist item id, e.g. `AUTH-022`. */
  item: string
  /**
   * The finding's stable key (`findingKey` of its note, checklist/config/baseline.ts), e.g. `getTask got 200 — expected status 401`;
   * `''` for a failing item without a finding; {@link ANY_FINDING} (`*`) for every finding of the item.
   */
  finding: string
  /** Why it is accepted (required: a baseline without reasons is a mute button). */
  reason: string
  /** Last day (ISO `YYYY-MM-DD`) the entry counts; from the next day its finding fails again. */
  expires?: string
}

/** `"finding": "*"`: the entry covers every finding of its item, also findings no run has seen yet. */
export const ANY_FINDING = '*'

/** The reason `--update-baseline` gives a new entry: it covers the finding, and every run lists it until replaced. */
export const placeholderReason = (today: string) => `accepted by --update-baseline on ${today}: replace with the reason`
/** Whether an entry still has {@link placeholderReason}'s reason. */
export const hasNoReason = (e: BaselineEntry) => /^accepted by --update-baseline on \d{4}-\d{2}-\d{2}: replace with the reason$/.test(e.reason.trim())

/** Thrown by {@link readBaseline} with every problem of the file. */
export class BaselineError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid baseline:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'BaselineError'
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Every problem of a parsed baseline file (`{ "entries": [...] }`); empty when valid. */
export function baselineProblems(raw: unknown): string[] {
  const entries = (raw as { entries?: unknown } | null)?.entries
  if (!Array.isArray(entries)) return ['must be an object with an "entries" array']
  return entries.flatMap((e: Partial<Record<keyof BaselineEntry, unknown>>, i) => [
    ...(typeof e?.item === 'string' && /^[A-Z]+-\d{3}$/.test(e.item) ? [] : [`entries[${i}].item must be a checklist item id like AUTH-022`]),
    ...(typeof e?.reason === 'string' && e.reason.trim() ? [] : [`entries[${i}].reason is required: say why the finding is accepted`]),
    ...(typeof e?.finding === 'string'
      ? []
      : [`entries[${i}].finding is required: the finding as the report shows it, or "*" for every finding of the item (also new ones)`]),
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
  const text = readFileSync(path, 'utf8')
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    // Never JSON.parse's message: it quotes the file's first bytes (a token file given by mistake).
    throw new BaselineError([redact(`${path}: not JSON (${jsonErrorPosition(text) ?? 'unreadable'})`)])
  }
  const problems = baselineProblems(raw)
  if (problems.length > 0) throw new BaselineError(problems.map((p) => `${path}: ${p}`))
  return (raw as { entries: BaselineEntry[] }).entries
}

/** Writes `entries` as a baseline file (`{ "entries": [...] }`, two-space JSON). */
export function writeBaseline(path: string, entries: readonly BaselineEntry[]): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify({ entries }, null, 2)}\n`)
}
