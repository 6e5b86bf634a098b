/**
 * `tasks-tck/checklist`: the API checklist (CHECKLIST.md) from code — what `tck check` runs.
 *
 *   import { checkBackend } from 'tasks-tck/checklist'
 *   const result = await checkBackend({ target: 'msw' })          // or a URL, with its auth
 *   if (!result.ok) console.log(result.items)
 *
 * Lower level: `prepareCheck` + `runChecklist` (one context, several runs) and the targets.
 */
export { checkBackend } from './check-backend.ts'
export type { CheckBackendOptions, CheckBackendResult } from './check-backend.ts'
export { checkOptionProblems, IN_PROCESS_TARGETS, prepareCheck, readyCheck } from './prepare-check.ts'
export type { PrepareCheckOptions } from './prepare-check.ts'
export { runChecklist } from './run-checklist.ts'
export type { ChecklistResult, ItemOutcome, ItemResult, ReportFormat, RunChecklistOptions } from './run-checklist.ts'
export { CAPABILITY_REASONS, CHECKLIST, checklistItem } from './checklist.ts'
export type { Capability, ChecklistItem, Severity } from './checklist.ts'
export type { AuthMode, CheckContext, CheckUser } from './check-context.ts'
export { PreflightError } from './preflight.ts'
export { ALL_CAPABILITIES, startMswTarget, startPrismTarget, startReferenceTarget } from './targets.ts'
export type { ReferenceTargetOptions, StartedTarget } from './targets.ts'
