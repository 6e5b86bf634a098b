import { inject, it, type TestContext } from 'vitest'
import { CAPABILITY_REASONS, checklistItem, type ChecklistItem } from '../checklist.ts'
import type { CheckContext } from '../check-context.ts'
import { CheckFailure, markSecret, redact } from './exchange.ts'

/** Thrown by a check body to skip itself with a reason (e.g. a token this auth mode cannot make). */
export class SkipCheck extends Error {
  override name = 'SkipCheck'
}

/** Skips the running check with `reason`; it is reported as skipped, never as passed. */
export function skipCheck(reason: string): never {
  throw new SkipCheck(reason)
}

/** Findings of the running check at warn level (checks run one at a time in a file). */
let findings: string[] = []

/**
 * Records a finding at `warn` level inside an item whose other cases fail outright, e.g. lax type
 * coercion inside INPUT-003: reported as a warning, and a failure under `--strict`.
 */
export function warnFinding(message: string): void {
  findings.push(message)
}

export type CheckBody = (ctx: CheckContext, test: TestContext) => Promise<void>

/** Items that report a broken operation themselves; every other item is "blocked" by it. */
const ROOT_CAUSE_ITEMS = new Set(['SPEC-001', 'SPEC-006'])

/**
 * The error Vitest records: live credentials masked, and no stack for a check failure (its message
 * is the whole story; a source excerpt repeated under every failure hides it).
 */
function reported(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)))
  const clean = new (error instanceof CheckFailure ? CheckFailure : Error)(redact(error.message))
  clean.stack = error instanceof CheckFailure ? `${clean.name}: ${clean.message}` : redact(error.stack ?? error.message)
  return clean
}

/** The root cause a failure is blocked by: a 5xx from an operation the preflight found broken. */
function blockedBy(ctx: CheckContext, item: ChecklistItem, error: unknown): string | undefined {
  if (ROOT_CAUSE_ITEMS.has(item.id) || !(error instanceof CheckFailure) || !error.exchange) return undefined
  const { request, response } = error.exchange
  return request.operationId && response.status >= 500 ? ctx.blocked?.[request.operationId] : undefined
}

/**
 * The context as check file `path` (a path or file URL) sees it: its own users when the run's users
 * allow (see `usersPerFile`). For code outside a check (a `beforeAll`): `checkContext(import.meta.url)`.
 */
export function checkContext(path: string): CheckContext {
  const ctx = inject('tck')
  if (!ctx.usersPerFile) return ctx
  // `02-auth-battery.check.ts` → `02a`: short, so ids stay far below the contract's 255 characters.
  const tag =
    /^(\d+)-(\w)/
      .exec(path.split('/').pop() ?? '')
      ?.slice(1)
      .join('') ?? 'x'
  return { ...ctx, users: { a: { id: `${ctx.users.a.id}_${tag}` }, b: { id: `${ctx.users.b.id}_${tag}` } } }
}

/** Wraps a check body with the item's rules: capabilities, skip reasons, severity, redaction. */
function runner(item: ChecklistItem, body: CheckBody) {
  return async (test: TestContext) => {
    const ctx = checkContext(test.task.file.name)
    const missing = (item.needs ?? []).filter((c) => !ctx.capabilities.includes(c))
    if (missing.length > 0) test.skip(ctx.skipReasons?.[missing[0]!] ?? CAPABILITY_REASONS[missing[0]!])
    findings = []
    if (ctx.auth.secret) markSecret(ctx.auth.secret, '$TCK_SECRET')
    for (const user of [ctx.users.a, ctx.users.b]) if (user.token) markSecret(user.token)
    let skipReason: string | undefined
    try {
      await body(ctx, test)
    } catch (error) {
      const blocked = blockedBy(ctx, item, error)
      if (error instanceof SkipCheck) skipReason = error.message
      else if (blocked) skipReason = `blocked by SPEC-006: ${blocked}`
      else if (item.severity !== 'fail' && !(ctx.strict && item.severity === 'warn')) {
        // Hardening or observation: reported, not failed (warnings fail under --strict).
        await test.annotate(`${item.severity.toUpperCase()} ${item.id}: ${reported(error).message}`, item.severity === 'warn' ? 'warning' : 'info')
        return
      } else throw reported(error)
    }
    if (skipReason !== undefined) test.skip(redact(skipReason))
    if (findings.length > 0) {
      const message = findings.join('\n\n')
      if (ctx.strict) throw reported(new CheckFailure(message))
      await test.annotate(`WARN ${item.id}: ${redact(message)}`, 'warning')
    }
  }
}

/** Declares the check for checklist item `id`; its title is the item's, plus `detail`. */
export function check(id: string, body: CheckBody, detail = ''): void {
  const item = checklistItem(id)
  it(`${id} ${item.title}${detail ? ` — ${detail}` : ''}`, runner(item, body))
}

/** Declares one check per case (e.g. per contract operation) for item `id`. */
export function checkEach<T>(
  id: string,
  cases: readonly T[],
  label: (c: T) => string,
  body: (c: T, ctx: CheckContext, test: TestContext) => Promise<void>,
): void {
  const item = checklistItem(id)
  for (const c of cases)
    it(
      `${id} ${item.title} — ${label(c)}`,
      runner(item, (ctx, test) => body(c, ctx, test)),
    )
}
