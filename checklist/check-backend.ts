import type { CheckContext } from './check-context.ts'
import { checkOptionProblems, prepareCheck, readyCheck, type PrepareCheckOptions } from './prepare-check.ts'
import { runChecklist, type ChecklistResult, type ItemResult, type RunChecklistOptions } from './run-checklist.ts'
import { markSecret, redact } from './support/exchange.ts'
import { buildCheckReport, type CheckReport } from './report/check-report.ts'
import { writeCheckReports, type CheckReportFormat } from './report/write-reports.ts'

/** Options of {@link checkBackend}: the target and its auth, plus how the run reports. */
export interface CheckBackendOptions extends PrepareCheckOptions, Pick<RunChecklistOptions, 'reportDir' | 'filter' | 'out'> {
  /** Report files to write to `reportDir` (default `reports/check`): html, md, junit, json (checklist/report/). */
  reports?: CheckReportFormat[]
  /** Progress on `out`: `silent` (default) or one line per check file. */
  console?: 'default' | 'silent'
  /** Lines for a person (how to start the backend, preflight notes). Default: dropped. */
  onNote?: (text: string) => void
}

/** What {@link checkBackend} found: Vitest's counts, every item's outcome, and the context it ran with. */
export interface CheckBackendResult extends ChecklistResult {
  /** No check failed: what `tck check` turns into exit code 0. */
  ok: boolean
  /** The run's context (target, base URL, user ids, capabilities, what the preflight learned), without the secret and the users' tokens. */
  context: CheckContext
  /** The report of the run (what `results.json` holds): every item with its catalogue entry and findings, masked. */
  report: CheckReport
}

/**
 * `tck check` from code: starts what the target needs (`reference`/`msw`/`prism` in-process, or
 * the simulated issuer for a backend by URL), runs the preflight and every check with Vitest,
 * stops what it started, and returns the structured result. Throws `PreflightError` when the
 * backend cannot be checked at all (unreachable, no trust in the issuer…), like exit code 2, and
 * `TypeError` for options that cannot work (no target, shared-secret without a secret…).
 *
 *   const result = await checkBackend({ target: 'http://127.0.0.1:8000', issuerUrl: 'http://127.0.0.1:4455' })
 *   result.items['AUTH-001'].outcome   // 'pass' | 'fail' | 'warn' | 'info' | 'skip'
 */
export async function checkBackend(options: CheckBackendOptions): Promise<CheckBackendResult> {
  const problems = checkOptionProblems(options)
  if (problems.length > 0) throw new TypeError(`checkBackend: ${problems.join('; ')}`)
  // As `tck check` does: the secret is masked in everything this process reports (preflight
  // excerpts, notes, errors), since a backend may echo it or a library put it in a message.
  if (options.secret) markSecret(options.secret, '$TCK_SECRET')
  const say = options.onNote ?? (() => {})
  const closers: (() => Promise<void>)[] = []
  try {
    const prepared = await prepareCheck(options, say, closers)
    // Better Auth's session tokens too, before the preflight can quote a backend echoing one.
    for (const user of [prepared.users.a, prepared.users.b]) if (user.token) markSecret(user.token)
    const context = await readyCheck(prepared, say)
    const result = await runChecklist({
      context,
      console: options.console ?? 'silent',
      ...(options.filter && { filter: options.filter }),
      ...(options.out && { out: options.out }),
    })
    // A result gets logged and stored: the secret and Better Auth tokens stay out of it.
    const { secret: _secret, ...auth } = context.auth
    const users = { a: { id: context.users.a.id }, b: { id: context.users.b.id } }
    const items = Object.fromEntries(Object.entries(result.items).map(([id, item]) => [id, redactItem(item)]))
    const report = buildCheckReport(result, context)
    if (options.reports?.length) writeCheckReports(report, options.reports, options.reportDir)
    return { ...result, items, ok: result.failed === 0, context: { ...context, auth, users }, report }
  } catch (error) {
    // Same class (PreflightError stays one), message and stack masked, as the CLI prints them.
    if (error instanceof Error) {
      error.message = redact(error.message)
      if (error.stack) error.stack = redact(error.stack)
    }
    throw error
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {})
  }
}

/** The check files mask what they report in their own worker; this also masks what their setup threw (a file's `why`). */
function redactItem(item: ItemResult): ItemResult {
  return { ...item, notes: item.notes.map(redact), details: item.details.map(redact) }
}
