/**
 * The options of {@link checkBackend} and how a config (a tck.config file or the object itself)
 * fills them, as `tck check` merges a config under its flags.
 */
import { dirname, resolve } from 'node:path'
import type { Severity } from './checklist.ts'
import { configProblems, loadTckConfig, TckConfigError, type TckConfig } from './config/tck-config.ts'
import type { PrepareCheckOptions } from './prepare-check.ts'
import type { CheckReportFormat } from './report/write-reports.ts'
import type { RunChecklistOptions } from './run-checklist.ts'

/** Every setting of {@link checkBackend}; {@link CheckBackendOptions} adds that a target is needed, from here or from `config`. */
export interface CheckBackendSettings extends Omit<PrepareCheckOptions, 'target'>, Pick<RunChecklistOptions, 'reportDir' | 'filter' | 'out'> {
  /** `reference`, `msw`, `prism` (started in-process) or a backend's base URL; required unless `config` gives it. */
  target?: string
  /**
   * A config file (path of a tck.config.ts/.mjs/.js/.json/.jsonc, relative to the working directory) or the
   * config object itself, as `tck check` reads it: its settings fill every option not given here
   * (options given win), its `severity` overrides judge the items, its `baseline` settles the verdict.
   * Paths in a file are relative to the file. With a config, `secret` defaults to `$TCK_SECRET`.
   */
  config?: string | TckConfig
  /** A baseline file of accepted findings (`--baseline`): they are reported as baselined and do not make `ok` false. */
  baseline?: string
  /** Rewrite `baseline` from this run's findings first (`--update-baseline`; keeps existing reasons). */
  updateBaseline?: boolean
  /** Per-item severity overrides (`fail`, `warn`, `info`), over the config's. */
  severity?: Readonly<Record<string, Severity>>
  /**
   * Report files to write to `reportDir` (default `reports/check`): html, md, junit, json (checklist/report/),
   * sarif (results.sarif), vitest-html (Vitest's own UI, in `vitest/`).
   */
  reports?: (CheckReportFormat | 'sarif' | 'vitest-html')[]
  /** The backend's own OpenAPI file: SARIF findings point at its operations (`--openapi`). */
  openapi?: string
  /** Progress on `out`: `silent` (default) or one line per check file. */
  console?: 'default' | 'silent'
  /** Lines for a person (how to start the backend, preflight notes, the baseline's verdict). Default: dropped. */
  onNote?: (text: string) => void
}

/** Options of {@link checkBackend}: the target and its auth (or a config that gives them), plus how the run reports and is judged. */
export type CheckBackendOptions = CheckBackendSettings & ({ target: string } | { config: string | TckConfig })

/**
 * `options` over the config's settings (options given win, as flags do over the file): a config
 * file's paths resolved from its folder, the secret from `$TCK_SECRET` when a config is used.
 * @throws TckConfigError with every problem of the config.
 */
export async function withConfig(options: CheckBackendOptions): Promise<CheckBackendSettings> {
  if (options.config === undefined) return options
  let config: TckConfig
  let near = (p: string) => resolve(p)
  if (typeof options.config === 'string') {
    const loaded = await loadTckConfig({ path: options.config })
    config = loaded!.config
    near = (p) => resolve(dirname(loaded!.path), p)
  } else {
    const problems = configProblems(options.config)
    if (problems.length > 0) throw new TckConfigError(problems)
    config = options.config
  }
  const a = config.auth ?? {}
  const fromConfig: CheckBackendSettings = {
    ...(config.target !== undefined && { target: config.target }),
    ...(a.mode !== undefined && { auth: a.mode }),
    ...(a.issuerUrl !== undefined && { issuerUrl: a.issuerUrl }),
    ...(a.issuerPort !== undefined && { issuerPort: a.issuerPort }),
    ...(a.betterAuthUrl !== undefined && { betterAuthUrl: a.betterAuthUrl }),
    ...(a.claims !== undefined && { claims: a.claims }),
    ...(a.iss !== undefined && { iss: a.iss }),
    ...(a.aud !== undefined && { aud: a.aud }),
    ...(a.claim !== undefined && { extraClaims: a.claim }),
    ...(config.basePath !== undefined && { basePath: config.basePath }),
    ...(config.users !== undefined && { users: config.users }),
    ...(config.origin !== undefined && { origin: config.origin }),
    ...(config.cors !== undefined && { noCors: !config.cors }),
    ...(config.toggleBody !== undefined && { toggleBody: config.toggleBody }),
    ...(config.strict !== undefined && { strict: config.strict }),
    ...(config.thorough !== undefined && { thorough: config.thorough }),
    ...(config.reports !== undefined && { reports: config.reports as CheckBackendSettings['reports'] }),
    ...(config.reportDir !== undefined && { reportDir: near(config.reportDir) }),
    ...(config.baseline !== undefined && { baseline: near(config.baseline) }),
    ...(config.openapi !== undefined && { openapi: near(config.openapi) }),
    ...(process.env.TCK_SECRET && { secret: process.env.TCK_SECRET }),
  }
  const given = Object.fromEntries(Object.entries(options).filter(([key, value]) => value !== undefined && key !== 'config'))
  return { ...fromConfig, ...given, severity: { ...config.severity, ...options.severity } }
}
