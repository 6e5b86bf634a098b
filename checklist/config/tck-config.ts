/**
 * `tck.config.json` / `tck.config.jsonc`: the settings of `tck check` kept in the user's project.
 * Comments are allowed in both (like tsconfig.json); secrets are not (TCK_SECRET only). Every problem
 * is reported at once, and a flag given on the command line wins over the file.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { CHECKLIST, type Severity } from '../checklist.ts'
import type { AuthMode } from '../check-context.ts'
import { TCK_CONFIG_SCHEMA } from './tck-config-schema.ts'

/** The files `tck check` looks for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = ['tck.config.json', 'tck.config.jsonc']

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
}

/** Thrown by {@link loadTckConfig} with every problem of the file. */
export class TckConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid config:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'TckConfigError'
  }
}

/** JSON with `//` and block comments and trailing commas (JSONC): comments and those commas are dropped, strings kept. */
export function parseJsonc(text: string): unknown {
  let out = ''
  let comma = false // a comma held back until the next token shows it is not a trailing one
  const emit = (token: string) => {
    if (comma && token !== '}' && token !== ']') out += ','
    comma = false
    out += token
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '"') {
      const end = /^"(?:[^"\\]|\\.)*"/s.exec(text.slice(i))?.[0] ?? text.slice(i)
      emit(end)
      i += end.length - 1
    } else if (c === '/' && text[i + 1] === '/') i = (text.indexOf('\n', i) + 1 || text.length + 1) - 2
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) + 1 || text.length
    else if (c === ',') {
      if (comma) out += ','
      comma = true
    } else if (/\s/.test(c)) out += c
    else emit(c)
  }
  return JSON.parse(comma ? `${out},` : out)
}

/** `/auth/mode` → `auth.mode`, the way the file's reader thinks of it. */
const where = (pointer: string) => pointer.slice(1).replaceAll('/', '.') || '(top level)'

const ajv = new Ajv2020({ allErrors: true, strict: false })
const validateSchema = ajv.compile(TCK_CONFIG_SCHEMA)

/** Keys that would hold a secret: `secret`, `betterAuthSecret`, `password`, `token`, … anywhere in the file. */
const SECRET_KEY = /secret|password|token|databaseUrl/i

/** Every problem of a parsed config (empty when it is valid); `secret`-like keys get their own sentence. */
export function configProblems(raw: unknown): string[] {
  const problems: string[] = []
  const secretKeys = new Set<string>()
  const visit = (value: unknown, path: string) => {
    if (!value || typeof value !== 'object' || path === '/toggleBody') return
    for (const [key, v] of Object.entries(value)) {
      if (SECRET_KEY.test(key) && !(path === '/auth/claim')) {
        secretKeys.add(`${path}/${key}`)
        problems.push(`${where(`${path}/${key}`)}: secrets never go in the config file; set TCK_SECRET (or pass --database-url) in the environment of the run`)
      } else visit(v, `${path}/${key}`)
    }
  }
  visit(raw, '')
  if (!validateSchema(raw)) {
    for (const e of validateSchema.errors ?? []) {
      const at = where(e.instancePath)
      if (e.keyword === 'additionalProperties') {
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
  const severity = (raw as TckConfig | null)?.severity
  if (severity && typeof severity === 'object')
    for (const id of Object.keys(severity))
      if (!CHECKLIST.some((i) => i.id === id)) problems.push(`severity.${id}: no checklist item has this id (see tck check --list)`)
  return problems
}

/**
 * Reads the config: `path` (from `--config`, must exist) or the first of {@link CONFIG_FILE_NAMES}
 * in `cwd`. @returns undefined when there is none. @throws TckConfigError with every problem.
 */
export function loadTckConfig(options: { path?: string; cwd?: string } = {}): { path: string; config: TckConfig } | undefined {
  const cwd = options.cwd ?? process.cwd()
  const path = options.path ? resolve(cwd, options.path) : CONFIG_FILE_NAMES.map((n) => resolve(cwd, n)).find((p) => existsSync(p))
  if (!path) return undefined
  if (!existsSync(path)) throw new TckConfigError([`${options.path}: no such file`])
  let raw: unknown
  try {
    raw = parseJsonc(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new TckConfigError([`${path}: not JSON (${(error as Error).message})`])
  }
  const problems = configProblems(raw)
  if (problems.length > 0) throw new TckConfigError(problems.map((p) => `${options.path ?? path.slice(cwd.length + 1)}: ${p}`))
  return { path, config: raw as TckConfig }
}
