/**
 * The config file as `tck check` flags: its values fill every option the command line did not give
 * (flags win), and what has no flag (severity overrides) is handed on.
 */
import { dirname, relative, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { Severity } from '../checklist.ts'
import { loadTckConfig, type TckConfig } from './tck-config.ts'

/** The config as `tck check` flag values (the names of its OPTIONS, as parseArgs gives them). */
export function configToFlags(config: TckConfig): Record<string, string | boolean | string[]> {
  const a = config.auth ?? {}
  const entries: [string, string | boolean | string[] | undefined][] = [
    ['target', config.target],
    ['auth', a.mode],
    ['issuer-url', a.issuerUrl],
    ['issuer-port', a.issuerPort === undefined ? undefined : String(a.issuerPort)],
    ['better-auth-url', a.betterAuthUrl],
    ['claims', a.claims],
    ['iss', a.iss],
    ['aud', a.aud],
    ['claim', a.claim && Object.entries(a.claim).map(([k, v]) => `${k}=${v}`)],
    ['base-path', config.basePath],
    ['users', config.users?.join(',')],
    ['origin', config.origin],
    ['no-cors', config.cors === undefined ? undefined : !config.cors],
    ['toggle-body', config.toggleBody === undefined ? undefined : JSON.stringify(config.toggleBody)],
    ['strict', config.strict],
    ['thorough', config.thorough],
    ['report', config.reports?.join(',')],
    ['report-dir', config.reportDir],
    ['baseline', config.baseline],
    ['openapi', config.openapi],
  ]
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as Record<string, string | boolean | string[]>
}

/** The long names of the options given on the command line (`-t` counts as `filter`), defaults excluded. */
export function givenFlags(argv: string[], options: NonNullable<ParseArgsConfig['options']>): Set<string> {
  const { tokens } = parseArgs({ args: argv, options, strict: false, tokens: true })
  return new Set(tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : [])))
}

/** `values` with the file's values for every option not `given` on the command line: flags win. */
export function mergeConfig<V extends object>(values: V, config: TckConfig, given: Set<string>): V {
  const fromFile = Object.entries(configToFlags(config)).filter(([name]) => !given.has(name) && !(name === 'no-cors' && given.has('cors')))
  return { ...values, ...Object.fromEntries(fromFile) }
}

/**
 * Loads the config (`--config PATH`, or the tck.config.{ts,mts,mjs,js,json,jsonc} in `cwd`) and
 * merges it under the parsed flag `values`. @returns the merged values, the severity overrides and
 * the file used (if any). @throws TckConfigError with every problem of the file.
 */
export async function applyConfigFile<V extends { config?: string | undefined }>(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  values: V,
  cwd = process.cwd(),
): Promise<{ values: V; severity: Record<string, Severity>; path?: string }> {
  const loaded = await loadTckConfig({ cwd, ...(values.config && { path: values.config }) })
  if (!loaded) return { values, severity: {} }
  // Paths in the file are relative to the file (like tsconfig.json), whatever the working directory.
  const near = (p: string | undefined) => p && (relative(cwd, resolve(dirname(loaded.path), p)) || '.')
  const { baseline, reportDir, openapi } = loaded.config
  const config: TckConfig = {
    ...loaded.config,
    ...(baseline && { baseline: near(baseline) }),
    ...(reportDir && { reportDir: near(reportDir) }),
    ...(openapi && { openapi: near(openapi) }),
  }
  return { values: mergeConfig(values, config, givenFlags(argv, options)), severity: config.severity ?? {}, path: loaded.path }
}
