import { fileURLToPath } from 'node:url'
import { join, relative } from 'node:path'
import { BaseSequencer, createVitest, type TestSpecification } from 'vitest/node'
import type { CheckContext } from './check-context.ts'
import { CHECKLIST } from './checklist.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Check files run one after another, in name order: the JWKS file rotates the key, so it goes last. */
class NameOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId))
  }
}

export type ReportFormat = 'junit' | 'json' | 'html'

export interface RunChecklistOptions {
  context: CheckContext
  /** Extra report formats, written to `reportDir`. */
  reports?: ReportFormat[]
  /** Default `reports/check`. */
  reportDir?: string
  /** Console output: Vitest's default reporter with progress, or nothing (self-test). */
  console?: 'default' | 'silent'
  /** Only checks whose name matches (Vitest's -t). */
  filter?: string
}

export type ItemOutcome = 'pass' | 'fail' | 'warn' | 'skip'

export interface ChecklistResult {
  passed: number
  failed: number
  skipped: number
  warned: number
  /** Outcome of every checklist item (worst of its cases: fail > warn > pass > skip). */
  items: Record<string, { outcome: ItemOutcome; notes: string[]; ran: boolean }>
}

const RANK: Record<ItemOutcome, number> = { skip: 0, pass: 1, warn: 2, fail: 3 }

/**
 * Runs the check files with Vitest's Node API — Vitest's runner and reporters, none written
 * here — and reads the outcome of every checklist item back from Vitest's state.
 */
export async function runChecklist(options: RunChecklistOptions): Promise<ChecklistResult> {
  const reportDir = options.reportDir ?? join(ROOT, 'reports/check')
  const reports = options.reports ?? []
  const reporters: string[] = [...(options.console === 'silent' ? [] : ['default']), ...reports]
  const outputFile = Object.fromEntries(reports.map((r) => [r, join(reportDir, r === 'junit' ? 'junit.xml' : r === 'json' ? 'results.json' : 'index.html')]))
  const vitest = await createVitest('test', {
    root: ROOT,
    config: false,
    watch: false,
    include: ['tests/checklist/checks/*.check.ts'],
    // A reporter that reports nothing keeps Vitest from falling back to its default one.
    reporters: reporters.length > 0 ? reporters : [{}] as never,
    ...(reports.length > 0 && { outputFile }),
    ...(options.filter && { testNamePattern: options.filter }),
    fileParallelism: false,
    testTimeout: options.context.thorough ? 180_000 : 60_000,
    hookTimeout: 120_000,
    sequence: { sequencer: NameOrderSequencer },
    pool: 'threads',
    ...(options.console === 'silent' && { silent: true }),
  } as never, { logLevel: 'silent' } as never)
  vitest.provide('tck', options.context)
  try {
    await vitest.start()
  } finally {
    await vitest.close()
  }

  const result: ChecklistResult = { passed: 0, failed: 0, skipped: 0, warned: 0, items: {} }
  for (const item of CHECKLIST) result.items[item.id] = { outcome: 'skip', notes: [], ran: false }
  const visit = (task: any) => {
    if (task.type === 'suite' || task.tasks) for (const t of task.tasks ?? []) visit(t)
    if (task.type !== 'test') return
    const id = /^([A-Z]+-\d{3})/.exec(task.name)?.[1]
    const state = task.result?.state
    const warned = (task.annotations ?? []).some((a: { type: string }) => a.type === 'warning')
    const outcome: ItemOutcome = state === 'fail' ? 'fail' : state === 'pass' ? (warned ? 'warn' : 'pass') : 'skip'
    if (outcome === 'fail') result.failed++
    else if (outcome === 'skip') result.skipped++
    else result.passed++
    if (outcome === 'warn') result.warned++
    if (!id || !result.items[id]) return
    const entry = result.items[id]
    // A case Vitest did not select (-t filter) was not run at all: it is neither proved nor unprovable.
    if (task.mode === 'skip' && !task.result) return
    entry.ran = true
    const warning = (task.annotations ?? []).find((a: { type: string }) => a.type === 'warning')?.message as string | undefined
    const note = outcome === 'skip' ? task.result?.note ?? task.meta?.note
      : outcome === 'fail' ? String(task.result?.errors?.[0]?.message ?? '').split('\n')[0]
      : outcome === 'warn' ? warning?.replace(/^WARN [A-Z]+-\d+: /, '').split('\n')[0] : undefined
    if (note && !entry.notes.includes(note)) entry.notes.push(note)
    if (RANK[outcome] > RANK[entry.outcome]) entry.outcome = outcome
  }
  for (const file of vitest.state.getFiles()) {
    if (file.result?.state === 'fail' && (file.result.errors?.length ?? 0) > 0) result.failed++
    visit(file)
  }
  return result
}

/** Path of a report relative to the working directory, for messages. */
export const shown = (path: string) => relative(process.cwd(), path) || path
