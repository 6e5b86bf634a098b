import type { ItemOutcome } from '../run-checklist.ts'
import { type CheckReport, type CheckReportItem, worse } from './check-report.ts'
import { escapeHtml } from './escape.ts'

/** An item behind a cell, with its outcome there (on an operation row: its cases on that operation). */
interface Entry {
  id: string
  outcome: ItemOutcome
}

const RANK: Record<ItemOutcome, number> = { fail: 0, warn: 1, info: 2, pass: 3, skip: 4 }

/**
 * An item's outcome on one operation: the worst of its cases for that operation (per-operation
 * checks such as the AUTH battery), else the item's outcome when a finding or note names the
 * operation, else none.
 */
function onOperation(item: CheckReportItem, operation: string): Entry | undefined {
  const cases = item.cases.filter((c) => c.operation === operation)
  if (cases.length > 0) return { id: item.id, outcome: cases.map((c) => c.outcome).reduce(worse) }
  return item.operations.some((o) => o.operation === operation) ? { id: item.id, outcome: item.outcome } : undefined
}

/** A cell coloured by the worst outcome of its entries, linking to the worst item (`FAIL 1/9`: one of nine failed). */
function td(entries: Entry[]): string {
  if (entries.length === 0) return '<td class="cell o-none">·</td>'
  const items = [...entries].sort((a, b) => RANK[a.outcome] - RANK[b.outcome])
  const outcome = items.map((i) => i.outcome).reduce(worse)
  const title = items.map((i) => `${i.id} ${i.outcome.toUpperCase()}`).join('\n')
  const worst = items.filter((i) => i.outcome === outcome).length
  const label = `${outcome.toUpperCase()}${items.length > 1 ? ` <small>${worst}/${items.length}</small>` : ''}`
  return `<td class="cell o-${outcome}" data-outcome="${outcome}"><a href="#${escapeHtml(items[0]!.id)}" title="${escapeHtml(title)}">${label}</a></td>`
}

/**
 * The operations × groups matrix. The first row is every item of the group that ran; each further
 * row is an operation that a per-operation case, a finding or a skip note named (contract
 * operationId, or `METHOD /path`), its cell the worst outcome of the group's items there.
 */
export function renderMatrix(report: CheckReport): string {
  const named = report.items.flatMap((i) => [...i.cases.flatMap((c) => (c.operation ? [c.operation] : [])), ...i.operations.map((o) => o.operation)])
  const operations = [...new Set(named)].sort()
  const head = `<tr><th>operation</th>${report.groups.map((g) => `<th><a href="#group-${escapeHtml(g)}">${escapeHtml(g)}</a></th>`).join('')}</tr>`
  const row = (label: string, pick: (i: CheckReportItem) => Entry | undefined) => {
    const cells = report.groups.map((g) => {
      const entries = report.items.filter((i) => i.group === g && i.ran).map(pick)
      return td(entries.filter((e): e is Entry => e !== undefined))
    })
    return `<tr><th>${label}</th>${cells.join('')}</tr>`
  }
  const rows = [row('<i>all items</i>', (i) => ({ id: i.id, outcome: i.outcome })), ...operations.map((op) => row(escapeHtml(op), (i) => onOperation(i, op)))]
  return `<table class="matrix"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`
}
