/**
 * `tck.config.ts` / `.mts` / `.mjs` / `.js` / `.json` / `.jsonc`: the settings of `tck check` kept in
 * the user's project. JSON may carry comments (like tsconfig.json); a module's default export is the
 * config object (`export default defineConfig({ … })`). Secrets are refused (TCK_SECRET only). Every
 * problem is reported at once, whatever the format, and a flag given on the command line wins.
 */
import { existsSync } from 'node:fs'
import { basename, relative, resolve } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { CHECKLIST, type Severity } from '../checklist.ts'
import type { AuthMode } from '../check-context.ts'
import { readConfigFile } from './config-module.ts'
import { TCK_CONFIG_SCHEMA } from './tck-config-schema.ts'
import { FRONTEND_PROFILES, FrontendProfileError, type FrontendProfileInput, type FrontendProfileName, mergeFrontendProfile } from '../ui/frontend-profile.ts'

/** The files `tck check` looks for in the working directory, in this order; two of them there is an error. */
export const CONFIG_FILE_NAMES = ['tck.config.ts', 'tck.config.mts', 'tck.config.mjs', 'tck.config.js', 'tck.config.json', 'tck.config.jsonc'] as const

/** The contents of a config file (see {@link TCK_CONFIG_SCHEMA}); every key optional. */
export interface TckConfig {
  target?: string
  auth?: {
    mode?: AuthMode
    issuerUrl?: string
    issuerPort?: number
    betterAuthUrl?: string
    claims?: string
    iss?: string
    aud?: string
    claim?: Record<string, string>
  }
  basePath?: string
  users?: [string, string]
  origin?: string
  /** `false`: same-origin deployment (`--no-cors`). */
  cors?: boolean
  toggleBody?: unknown
  strict?: boolean
  thorough?: boolean
  reports?: string[]
  reportDir?: string
  /** Per-item severity overrides, e.g. `{ "AUTH-022": "fail" }`. */
  severity?: Record<string, Severity>
  /** The baseline file (`--baseline`). */
  baseline?: string
  /** The backend's own OpenAPI file (`--openapi`). */
  openapi?: string
  /** `tck ui`: the browser checklist against a running frontend (its flags win). */
  ui?: {
    url?: string
    apiUrl?: string
    mock?: boolean
    /** Lifetime of the frontend's JWTs, seconds (1-300). */
    tokenTtlSeconds?: number
    /** A built-in profile's name, or a partial profile over one (`extends`). */
    profile?: FrontendProfileName | FrontendProfileInput
    browser?: string
    reportDir?: string
  }
}

/**
 * Types a `tck.config.ts` (the editor completes and checks every key); returns `config` unchanged.
 *
 *   import { defineConfig } from 'tasks-tck/checklist'
 *   export default defineConfig({ target: 'http://127.0.0.1:8000', auth: { mode: 'jwks', issuerUrl: 'http://127.0.0.1:4455' } })
 */
export function defineConfig(config: TckConfig): TckConfig {
  return config
}

/** Thrown by {@link loadTckConfig} with every problem of the file. */
export class TckConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid config:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'TckConfigError'
  }
}

export { parseJsonc } from './jsonc.ts'

/** `/auth/mode` → `auth.mode`, the way the file's reader thinks of it. */
const where = (pointer: string) => pointer.slice(1).replaceAll('/', '.') || '(top level)'

const ajv = new Ajv2020({ allErrors: true, strict: false })
const validateSchema = ajv.compile(TCK_CONFIG_SCHEMA)

/** Keys that would hold a secret: `secret`, `betterAuthSecret`, `password`, `token`, … anywhere in the file. */
const SECRET_KEY = /secret|password|token|databaseUrl/i

/** Where the secret a key names comes from instead: one sentence per kind of key. */
function secretSentence(key: string): string {
  if (/databaseUrl/i.test(key)) return 'a database URL carries its password: pass --database-url on the command line (reference target)'
  if (/secret/i.test(key)) return 'set TCK_SECRET in the environment of the run'
  return 'tck check makes its users and their tokens itself (auth.mode); a shared secret is TCK_SECRET in the environment'
}

/** Every problem of a parsed config (empty when it is valid); `secret`-like keys get their own sentence. */
export function configProblems(raw: unknown): string[] {
  const problems: string[] = []
  const secretKeys = new Set<string>()
  const visit = (value: unknown, path: string) => {
    // A profile names fields (`fields.password` is a label, not a password).
    if (!value || typeof value !== 'object' || path === '/toggleBody' || path === '/ui/profile') return
    for (const [key, v] of Object.entries(value)) {
      // ui.tokenTtlSeconds is a lifetime, not a token.
      if (SECRET_KEY.test(key) && path !== '/auth/claim' && !(path === '/ui' && key === 'tokenTtlSeconds')) {
        secretKeys.add(`${path}/${key}`)
        problems.push(`${where(`${path}/${key}`)}: secrets never go in the config file; ${secretSentence(key)}`)
      } else visit(v, `${path}/${key}`)
    }
  }
  visit(raw, '')
  if (!validateSchema(raw)) {
    for (const e of validateSchema.errors ?? []) {
      const at = where(e.instancePath)
      // One sentence for ui.profile (the schema's only anyOf), not one per branch it failed.
      if (e.schemaPath.includes('/anyOf/')) continue
      if (e.keyword === 'anyOf')
        problems.push(
          `${at}: must be ${Object.keys(FRONTEND_PROFILES)
            .map((n) => `"${n}"`)
            .join(', ')} or a profile object`,
        )
      else if (e.keyword === 'additionalProperties') {
        const key = (e.params as { additionalProperty: string }).additionalProperty
        if (!secretKeys.has(`${e.instancePath}/${key}`)) problems.push(`${at}: unknown key "${key}"`)
      } else if (e.keyword === 'enum')
        problems.push(`${at}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`)
      else if (e.keyword === 'pattern')
        problems.push(
          `${at}: ${/(Url|origin)$/.test(e.instancePath) ? 'must be an http(s) URL' : e.instancePath === '/basePath' ? 'must start with /' : e.message}`,
        )
      else if (e.keyword !== 'if') problems.push(`${at}: ${e.message}`)
    }
  }
  const profile = (raw as TckConfig | null)?.ui?.profile
  if (profile && typeof profile === 'object' && !Array.isArray(profile)) {
    try {
      mergeFrontendProfile(profile)
    } catch (error) {
      if (!(error instanceof FrontendProfileError)) throw error
      problems.push(...error.problems.map((p) => `ui.profile: ${p}`))
    }
  }
  const severity = (raw as TckConfig | null)?.severity
  if (severity && typeof severity === 'object')
    for (const id of Object.keys(severity))
      if (!CHECKLIST.some((i) => i.id === id)) problems.push(`severity.${id}: no checklist item has this id (see tck check --list)`)
  return problems
}

/**
 * The config file in `cwd`: the one of {@link CONFIG_FILE_NAMES} that is there. @returns undefined
 * when there is none. @throws TckConfigError when there are several (which one wins would be a guess).
 */
export function findConfigFile(cwd: string): string | undefined {
  const found = CONFIG_FILE_NAMES.filter((name) => existsSync(resolve(cwd, name)))
  if (found.length > 1) throw new TckConfigError([`${found.join(' and ')} are both in ${cwd}: keep one (or choose with --config PATH)`])
  return found[0] && resolve(cwd, found[0])
}

/**
 * Reads the config: `path` (from `--config`, must exist) or the one of {@link CONFIG_FILE_NAMES} in
 * `cwd`, validated against {@link TCK_CONFIG_SCHEMA} whatever its format. @returns undefined when
 * there is none. @throws TckConfigError with every problem (two files in `cwd` is one).
 */
export async function loadTckConfig(options: { path?: string; cwd?: string } = {}): Promise<{ path: string; config: TckConfig } | undefined> {
  const cwd = options.cwd ?? process.cwd()
  const path = options.path ? resolve(cwd, options.path) : findConfigFile(cwd)
  if (!path) return undefined
  if (!existsSync(path)) throw new TckConfigError([`${options.path}: no such file`])
  const shown = options.path ?? (relative(cwd, path) || basename(path))
  const read = await readConfigFile(path, shown)
  if ('problem' in read) throw new TckConfigError([read.problem])
  const raw = read.raw
  const problems = configProblems(raw)
  if (problems.length > 0) throw new TckConfigError(problems.map((p) => `${shown}: ${p}`))
  return { path, config: raw as TckConfig }
}
