/**
 * A finding's text, as checklist/support/exchange.ts writes it, read back into its parts: the
 * first line `<operation> got <status> — expected <…>`, `request:`/`response:` lines, a
 * `reproduce: curl …` line per exchange and `compared with <operation> got <status>:` blocks.
 * The runner records only this text, so operations and statuses are parsed, not captured.
 */

/** An operation (contract operationId, or `METHOD /path` off the contract) and the status it answered. */
export interface OperationStatus {
  operation: string
  status: number
}

/** One finding of an item: its summary line, the operations behind it, curl lines and the full (masked) text. */
export interface Finding {
  /** First line, e.g. `listTasks got 200 — expected status 403`. */
  summary: string
  /** What was expected, when the summary says (`status 403`). */
  expected?: string
  operations: OperationStatus[]
  /** `curl …` lines that repeat the exchanges (live tokens as `$TCK_TOKEN`). */
  curl: string[]
  /** The whole text: request, response, curl, compared exchanges. */
  text: string
  /** The baseline entry that matched this finding (`--baseline`), when one did. */
  baseline?: FindingBaseline
}

/**
 * A baseline entry's verdict on one finding: accepted (reported, not failing the run) until
 * `expires` (its last day), or `expired` (no longer accepted: the finding fails again).
 */
export interface FindingBaseline {
  reason: string
  /** Last day (`YYYY-MM-DD`) the entry counts. */
  expires?: string
  /** The entry is past `expires`: the finding is not accepted any more. */
  expired?: true
}

// `getTask got 200`, `GET /api/x got 404`, `listTasks, createTask got 200` (grouped notes), `compared with getTask got 404:`
const GOT = /^(?:compared with )?((?:[A-Za-z][\w]*(?: \/\S*)?)(?:, [A-Za-z][\w]*(?: \/\S*)?)*) got (\d{3})\b/
const REPRODUCE = /^reproduce: (curl .*)$/

/** Parses one finding text (see the module comment); text that is not an exchange story keeps only its summary. */
export function parseFinding(text: string): Finding {
  const lines = text.split('\n')
  const summary = lines[0] ?? ''
  const operations: OperationStatus[] = []
  const curl: string[] = []
  for (const line of lines) {
    const got = GOT.exec(line.trim())
    if (got) for (const operation of got[1]!.split(', ')) operations.push({ operation, status: Number(got[2]) })
    const repro = REPRODUCE.exec(line.trim())
    if (repro) curl.push(repro[1]!)
  }
  const at = summary.indexOf(' — expected ')
  return {
    summary,
    ...(at > 0 && { expected: summary.slice(at + ' — expected '.length) }),
    operations,
    curl,
    text,
  }
}

/** Each operation and status once, in first-seen order. */
export const dedupeOperations = (ops: OperationStatus[]) => [...new Map(ops.map((o) => [`${o.operation} ${o.status}`, o])).values()]

/** The operationId a per-operation case's label names (`listTasks (GET /api/{user_id}/tasks)` → `listTasks`), if any. */
export const caseOperation = (label: string) => /^([a-z]\w*) \((?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \//.exec(label)?.[1]
