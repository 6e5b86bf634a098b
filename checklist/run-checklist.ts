import { fileURLToPath } from 'node:url'
import { join, relative, resolve } from 'node:path'
import { createVitest, type Reporter } from 'vitest/node'
import { KEY_FILE, KeysFirstSequencer, lanePlan, progressReporter } from './check-lanes.ts'
import type { CheckContext } from './check-context.ts'
import { CHECKLIST, checklistItem, type ChecklistItem } from './checklist.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
/** `ts` run from source, `js` in the installed package (dist/checklist/checks/*.check.js). */
const CHECK_EXT = import.meta.url.endsWith('.ts') ? 'ts' : 'js'

/** A report file Vitest writes besides the console: `junit.xml`, `results.json` or `index.html`. */
export type ReportFormat = 'junit' | 'json' | 'html'

/** Options of {@link runChecklist}. */
export interface RunChecklistOptions {
  /** What to check and how (target, auth, users, capabilities): from `prepareCheck` and `readyCheck`. */
  context: CheckContext
  /** Extra report formats, written to `reportDir`. Default: none. */
  reports?: ReportFormat[]
  /** Default `reports/check` in the working directory. */
  reportDir?: string
  /** Console output: one progress line per check file (`default`), or nothing (`silent`: self-test, --compare). */
  console?: 'default' | 'silent'
  /** Only checks whose name matches (Vitest's -t). */
  filter?: string
  /** Where progress goes (default stdout). */
  out?: NodeJS.WritableStream
  /** Default true; false leaves the key-handling file out (its items are then not run, as with a filter). */
  keyFile?: boolean
  /** Workers of the run; default 2 when every file has users of its own (`usersPerFile`), else 1. */
  maxWorkers?: number
}

/** An item's verdict: `fail` counts against the run; `warn`/`info` passed with a finding; `skip` was not proved (see its notes). */
export type ItemOutcome = 'pass' | 'fail' | 'warn' | 'info' | 'skip'

/** What the run found for one checklist item. */
export interface ItemResult {
  /** The worst outcome of the item's cases. */
  outcome: ItemOutcome
  /** One line per distinct finding or skip reason: `getTask got 200 — expected status 401`. */
  notes: string[]
  /** The full story (request, response, curl) of each distinct finding. */
  details: string[]
  /** Whether any case of the item ran; false when the filter did not select it. */
  ran: boolean
  /** Every case that ran: its label (e.g. `listTasks (GET /api/{user_id}/tasks)`, `''` for a single check) and outcome. */
  cases?: CaseResult[]
}

/** One case (Vitest test) of an item, for reports that show which operations passed too. */
export interface CaseResult {
  label: string
  outcome: ItemOutcome
}

/** Counts of test cases (an item may have several) and the outcome of every checklist item. */
export interface ChecklistResult {
  /** Cases that passed, warnings and information included. */
  passed: number
  failed: number
  skipped: number
  /** Cases that passed with a warning (also counted in `passed`). */
  warned: number
  /** Outcome of every checklist item (worst of its cases: fail > warn > info > pass > skip). */
  items: Record<string, ItemResult>
}

const RANK: Record<ItemOutcome, number> = { skip: 0, pass: 1, info: 2, warn: 3, fail: 4 }

/**
 * Runs the check files with Vitest's Node API — Vitest's runner and report writers — and reads
 * the outcome of every checklist item back from Vitest's state.
 */
export async function runChecklist(options: RunChecklistOptions): Promise<ChecklistResult> {
  const reportDir = options.reportDir ?? resolve('reports/check')
  const reports = options.reports ?? []
  const reporters: (string | Reporter)[] = [...(options.console === 'silent' ? [] : [progressReporter(options.out ?? process.stdout)]), ...reports]
  const outputFile = Object.fromEntries(reports.map((r) => [r, join(reportDir, r === 'junit' ? 'junit.xml' : r === 'json' ? 'results.json' : 'index.html')]))
  const plan = lanePlan(options.context, options.maxWorkers)
  const lane = (name: string, include: string, groupOrder: number) => ({
    // extends: the run's options (reporters, timeouts, the -t filter) hold for both lanes.
    extends: true,
    test: {
      name,
      root: ROOT,
      include: [include],
      exclude: [],
      isolate: false,
      maxWorkers: plan.workers,
      sequence: { groupOrder },
    },
  })
  const vitest = await createVitest(
    'test',
    {
      root: ROOT,
      config: false,
      watch: false,
      // Installed, ROOT is under node_modules/, which Vitest's default exclude would drop.
      exclude: [],
      // No results cache under ROOT (installed: inside node_modules/tasks-tck); the sequencer orders by name anyway.
      cache: false,
      // A reporter that reports nothing keeps Vitest from falling back to its default one.
      reporters: reporters.length > 0 ? reporters : ([{}] as never),
      ...(reports.length > 0 && { outputFile }),
      ...(options.filter && { testNamePattern: options.filter }),
      testTimeout: options.context.thorough ? 180_000 : 60_000,
      hookTimeout: 120_000,
      pool: 'threads',
      // One module graph per worker, not per file: loading it again took 0.5-1.5 s per file (measured).
      isolate: false,
      maxWorkers: plan.workers,
      ...(options.keyFile === false
        ? { include: [`checklist/checks/!(${KEY_FILE}).check.${CHECK_EXT}`] }
        : {
            projects: [
              lane('checks', `checklist/checks/!(${KEY_FILE}).check.${CHECK_EXT}`, 0),
              lane('keys', `checklist/checks/${KEY_FILE}.check.${CHECK_EXT}`, plan.keysAlongside ? 0 : 1),
            ],
          }),
      silent: true,
    } as never,
    { logLevel: 'silent' } as never,
  )
  // Vitest sorts with the root's sequencer; given as an option, `sequence` would also reset every
  // project's groupOrder to 0 (measured: the key file then ran beside a backend it disturbs).
  vitest.config.sequence.sequencer = KeysFirstSequencer
  vitest.provide('tck', options.context)
  const keys = vitest.projects.find((p) => p.name === 'keys')
  if (plan.keysContext) keys?.provide('tck', plan.keysContext)
  try {
    await vitest.start()
  } finally {
    await vitest.close()
  }

  const result: ChecklistResult = { passed: 0, failed: 0, skipped: 0, warned: 0, items: {} }
  for (const item of CHECKLIST) result.items[item.id] = { outcome: 'skip', notes: [], details: [], ran: false, cases: [] }
  const visit = (task: any) => {
    if (task.type === 'suite' || task.tasks) for (const t of task.tasks ?? []) visit(t)
    if (task.type !== 'test') return
    const id = /^([A-Z]+-\d{3})/.exec(task.name)?.[1]
    const state = task.result?.state
    const annotation = (task.annotations ?? []).find((a: { type: string }) => a.type === 'warning' || a.type === 'info') as
      | { type: string; message: string }
      | undefined
    const outcome: ItemOutcome =
      state === 'fail' ? 'fail' : state === 'pass' ? (annotation?.type === 'warning' ? 'warn' : annotation ? 'info' : 'pass') : 'skip'
    if (outcome === 'fail') result.failed++
    else if (outcome === 'skip') result.skipped++
    else result.passed++
    if (outcome === 'warn') result.warned++
    if (!id || !result.items[id]) return
    const entry = result.items[id]
    // A case Vitest did not select (-t filter) was not run at all: it is neither proved nor unprovable.
    if (task.mode === 'skip' && !task.result) return
    entry.ran = true
    entry.cases?.push({ label: caseLabel(id, task.name), outcome })
    const message =
      outcome === 'fail'
        ? String(task.result?.errors?.[0]?.message ?? '')
        : outcome === 'warn' || outcome === 'info'
          ? annotation!.message.replace(/^(WARN|INFO) [A-Z]+-\d+: /, '')
          : undefined
    const note = outcome === 'skip' ? (task.result?.note ?? task.meta?.note) : message?.split('\n')[0]
    if (note && !entry.notes.includes(note)) {
      entry.notes.push(note)
      if (message) entry.details.push(message)
    }
    if (RANK[outcome] > RANK[entry.outcome]) entry.outcome = outcome
  }
  for (const file of vitest.state.getFiles()) {
    if (file.result?.state === 'fail' && (file.result.errors?.length ?? 0) > 0) {
      // A file that failed to load or whose setup threw: every item in it says why instead of "no reason",
      // at its own severity (a conformance setup error is no reason for a red run).
      const error = file.result.errors![0]!
      const why = String(error.message ?? 'the check file failed').split('\n')[0] || 'the check file failed'
      const outcomeOf = (item: ChecklistItem): ItemOutcome =>
        error.name === 'SkipCheck' ? 'skip' : item.severity === 'fail' || (options.context.strict && item.severity === 'warn') ? 'fail' : item.severity
      let failed = false
      for (const t of file.tasks ?? []) failed = markFileError(t, why, result, outcomeOf) || failed
      if (failed) result.failed++
    }
    visit(file)
  }
  return result
}

/** What a case's name adds to its item's id and title: `listTasks (GET /api/{user_id}/tasks)`, or `''`. */
const caseLabel = (id: string, name: string) => name.slice(`${id} ${checklistItem(id).title}`.length).replace(/^ — /, '')

/** Marks the items of a file whose setup failed; @returns whether any of them now fails. */
function markFileError(task: any, why: string, result: ChecklistResult, outcomeOf: (item: ChecklistItem) => ItemOutcome): boolean {
  let failed = false
  for (const t of task.tasks ?? []) failed = markFileError(t, why, result, outcomeOf) || failed
  const id = /^([A-Z]+-\d{3})/.exec(task.name ?? '')?.[1]
  if (task.type === 'test' && id && result.items[id] && task.result?.state !== 'pass' && task.result?.state !== 'fail') {
    const entry = result.items[id]
    const outcome = outcomeOf(checklistItem(id))
    entry.ran = true
    if (RANK[outcome] > RANK[entry.outcome]) entry.outcome = outcome
    if (!entry.notes.includes(why)) {
      entry.notes.push(why)
      if (outcome !== 'skip') entry.details.push(why)
    }
    failed = outcome === 'fail'
  }
  return failed
}

/** Path of a report relative to the working directory, for messages. */
export const shown = (path: string) => relative(process.cwd(), path) || path
