/**
 * `tasks-tck/checklist`: the API checklist (CHECKLIST.md) from code — what `tck check` runs.
 *
 *   import { checkBackend } from 'tasks-tck/checklist'
 *   const result = await checkBackend({ target: 'msw' })          // or a URL, with its auth
 *   if (!result.ok) console.log(result.items)
 *
 * Lower level: `prepareCheck` + `runChecklist` (one context, several runs) and the targets. The
 * browser checklist's catalogue and frontend profiles (`tck ui`) are here too; its specs run under
 * Playwright (`tck ui --url URL`).
 */
export { checkBackend } from './check-backend.ts'
export type { CheckBackendOptions, CheckBackendResult, CheckBackendSettings } from './check-backend.ts'
export { defineConfig, TckConfigError } from './config/tck-config.ts'
export type { TckConfig } from './config/tck-config.ts'
export { checkOptionProblems, IN_PROCESS_TARGETS, prepareCheck, readyCheck } from './prepare-check.ts'
export type { PrepareCheckOptions } from './prepare-check.ts'
export { runChecklist } from './run-checklist.ts'
export type { CaseResult, ChecklistResult, ItemOutcome, ItemResult, ReportFormat, RunChecklistOptions } from './run-checklist.ts'
export { CAPABILITY_REASONS, CHECKLIST, checklistItem } from './checklist.ts'
export type { Capability, ChecklistItem, Severity } from './checklist.ts'
export type { AuthMode, CheckContext, CheckUser } from './check-context.ts'
export { buildCheckReport } from './report/check-report.ts'
export type {
  CheckReport,
  CheckReportBaseline,
  CheckReportItem,
  CheckReportMeta,
  Finding,
  FindingBaseline,
  OperationStatus,
  OutcomeCounts,
} from './report/check-report.ts'
export { CHECK_REPORT_FORMATS, writeCheckReports } from './report/write-reports.ts'
export type { CheckReportFormat } from './report/write-reports.ts'
export { renderSarifReport, sarifReport, writeSarifReport } from './report/sarif-report.ts'
export type { SarifLog, SarifReportOptions } from './report/sarif-report.ts'
export { PreflightError } from './preflight.ts'
export { ALL_CAPABILITIES, startMswTarget, startPrismTarget, startReferenceTarget } from './targets.ts'
export type { ReferenceTargetOptions, StartedTarget } from './targets.ts'
// The browser checklist (`tck ui`): its catalogue and the frontend profiles its specs read.
export { BROWSER_CAPABILITY_REASONS, BROWSER_CHECKLIST, browserItem } from './browser-checklist.ts'
export type { BrowserCapability, BrowserChecklistItem } from './browser-checklist.ts'
export {
  FRONTEND_PROFILES,
  FrontendProfileError,
  frontendProfile,
  mergeFrontendProfile,
  NEXTJS_EXAMPLE_PROFILE,
  REACT_APP_PROFILE,
  validateFrontendProfile,
} from './ui/frontend-profile.ts'
export type { FrontendProfile, FrontendProfileInput, FrontendProfileName, TextPattern } from './ui/frontend-profile.ts'
export { uiItemOutcomes } from './ui/ui-run-summary.ts'
export type { UiItemOutcome } from './ui/ui-run-summary.ts'
