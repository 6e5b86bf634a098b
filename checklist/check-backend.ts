import { join, resolve } from 'node:path'
import { type CheckBackendOptions, withConfig } from './check-backend-options.ts'
import type { CheckContext } from './check-context.ts'
import { settleRun } from './config/settle-run.ts'
import { checkOptionProblems, prepareCheck, readyCheck } from './prepare-check.ts'
import { runChecklist, type ChecklistResult, type ItemResult } from './run-checklist.ts'
import { markSecret, redact } from './support/exchange.ts'
import { buildCheckReport, type CheckReport } from './report/check-report.ts'
import { writeSarifReport } from './report/sarif-report.ts'
import { isCheckReportFormat, writeCheckReports } from './report/write-reports.ts'

export type { CheckBackendOptions, CheckBackendSettings } from './check-backend-options.ts'

/** What {@link checkBackend} found: Vitest's counts, every item's outcome, and the context it ran with. */
export interface CheckBackendResult extends ChecklistResult {
  /** No item fails once severity overrides and the baseline are applied: what `tck check` turns into exit code 0. */
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
 *   await checkBackend({ config: 'tck.config.ts', filter: 'AUTH' })  // the project's config; options given win
 *
 * Throws `TckConfigError` with every problem of a config, before starting anything.
 */
export async function checkBackend(given: CheckBackendOptions): Promise<CheckBackendResult> {
  const options = await withConfig(given)
  const target = options.target ?? ''
  const problems = checkOptionProblems({ ...options, target })
  const badReport = options.reports?.find((r) => r !== 'sarif' && r !== 'vitest-html' && !isCheckReportFormat(r))
  if (badReport) problems.push(`unknown report "${badReport}" (html, md, junit, json, sarif, vitest-html)`)
  if (problems.length > 0) throw new TypeError(`checkBackend: ${problems.join('; ')}`)
  // As `tck check` does: the secret is masked in everything this process reports (preflight
  // excerpts, notes, errors), since a backend may echo it or a library put it in a message.
  if (options.secret) markSecret(options.secret, '$TCK_SECRET')
  const say = options.onNote ?? (() => {})
  const closers: (() => Promise<void>)[] = []
  try {
    const prepared = await prepareCheck({ ...options, target }, say, closers)
    // Better Auth's session tokens too, before the preflight can quote a backend echoing one.
    for (const user of [prepared.users.a, prepared.users.b]) if (user.token) markSecret(user.token)
    const context = await readyCheck(prepared, say)
    const raw = await runChecklist({
      context,
      console: options.console ?? 'silent',
      ...(options.filter && { filter: options.filter }),
      ...(options.out && { out: options.out }),
      ...(options.reports?.includes('vitest-html') && { reports: ['html'], reportDir: join(resolve(options.reportDir ?? 'reports/check'), 'vitest') }),
    })
    // As `tck check` judges it: severity overrides, then the baseline (the verdict's text goes to onNote).
    const { result, failing, text, baseline } = settleRun(raw, {
      ...(options.severity && { severity: options.severity }),
      ...(options.strict && { strict: true }),
      ...(options.baseline && { baseline: options.baseline }),
      ...(options.updateBaseline && { updateBaseline: true }),
    })
    if (text) say(text)
    // A result gets logged and stored: the secret and Better Auth tokens stay out of it.
    const { secret: _secret, ...auth } = context.auth
    const users = { a: { id: context.users.a.id }, b: { id: context.users.b.id } }
    const items = Object.fromEntries(Object.entries(result.items).map(([id, item]) => [id, redactItem(item)]))
    const report = buildCheckReport(result, context, { ok: !failing, ...(baseline && { baseline }) })
    const formats = (options.reports ?? []).filter(isCheckReportFormat)
    if (formats.length > 0) writeCheckReports(report, formats, options.reportDir)
    if (options.reports?.includes('sarif'))
      writeSarifReport(report, resolve(options.reportDir ?? 'reports/check'), { ...(options.openapi && { openApiPath: options.openapi }) })
    return { ...result, items, ok: !failing, context: { ...context, auth, users }, report }
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
