import { inject, it, type TestContext } from 'vitest'
import { CAPABILITY_REASONS, checklistItem, type ChecklistItem } from '../checklist.ts'
import type { CheckContext } from '../check-context.ts'

/** Thrown by a check body to skip itself with a reason (e.g. a token this auth mode cannot make). */
export class SkipCheck extends Error {
  override name = 'SkipCheck'
}

/** Skips the running check with `reason`; it is reported as skipped, never as passed. */
export function skipCheck(reason: string): never {
  throw new SkipCheck(reason)
}

export type CheckBody = (ctx: CheckContext, test: TestContext) => Promise<void>

/** Wraps a check body with the item's rules: capabilities, skip reasons, warn vs fail. */
function runner(item: ChecklistItem, body: CheckBody) {
  return async (test: TestContext) => {
    const ctx = inject('tck')
    const missing = (item.needs ?? []).filter((c) => !ctx.capabilities.includes(c))
    if (missing.length > 0) test.skip(CAPABILITY_REASONS[missing[0]!])
    let skipReason: string | undefined
    try {
      await body(ctx, test)
    } catch (error) {
      if (error instanceof SkipCheck) skipReason = error.message
      else if (item.severity === 'warn' && !ctx.strict) {
        // Hardening finding: reported, not failed (unless --strict).
        await test.annotate(`WARN ${item.id}: ${(error as Error).message}`, 'warning')
        return
      } else throw error
    }
    if (skipReason !== undefined) test.skip(skipReason)
  }
}

/** Declares the check for checklist item `id`; its title is the item's, plus `detail`. */
export function check(id: string, body: CheckBody, detail = ''): void {
  const item = checklistItem(id)
  it(`${id} ${item.title}${detail ? ` — ${detail}` : ''}`, runner(item, body))
}

/** Declares one check per case (e.g. per contract operation) for item `id`. */
export function checkEach<T>(id: string, cases: readonly T[], label: (c: T) => string, body: (c: T, ctx: CheckContext, test: TestContext) => Promise<void>): void {
  const item = checklistItem(id)
  for (const c of cases) it(`${id} ${item.title} — ${label(c)}`, runner(item, (ctx, test) => body(c, ctx, test)))
}
