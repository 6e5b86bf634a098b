/**
 * What `tck init` writes: the commented config file (JSONC or TypeScript) for a set of answers,
 * referring to the installed package where there is one (`$schema`, defineConfig's import).
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { CONFIG_SCHEMA_FILE } from './tck-config-schema.ts'
import type { TckConfig } from './tck-config.ts'

/** What {@link renderInitConfig} writes. */
export interface InitAnswers {
  target: string
  auth: string
  issuerUrl?: string
  betterAuthUrl?: string
  basePath: string
  origin: string
  cors: boolean
  reports: string[]
  reportDir?: string
  baseline?: string
}

/** How {@link renderInitConfig} writes: the format, and what the file may refer to in the installed package. */
export interface InitFormat {
  /** `jsonc` (default) or `ts`. */
  format?: 'jsonc' | 'ts'
  /** jsonc: the `"$schema"` path (relative to the file) of the package's tck.config.schema.json; omitted when undefined. */
  schema?: string
  /** ts: `tasks-tck/checklist` resolves from the file's folder, so the file imports defineConfig from it. */
  importDefineConfig?: boolean
}

/** The settings of `answers`, each with the comment the file shows above it. */
function entries(a: InitAnswers): [comment: string, key: keyof TckConfig, value: unknown][] {
  const auth = { mode: a.auth, ...(a.issuerUrl && { issuerUrl: a.issuerUrl }), ...(a.betterAuthUrl && { betterAuthUrl: a.betterAuthUrl }) }
  return [
    ['reference, msw, prism or your backend URL', 'target', a.target],
    [
      'jwks: tokens from the simulated issuer (issuerUrl: reuse a running `tck issuer`); shared-secret: HS256 with $TCK_SECRET; better-auth: real users at betterAuthUrl',
      'auth',
      auth,
    ],
    ['where the backend mounts the contract\'s /api ("/" for none)', 'basePath', a.basePath],
    ['the frontend origin the backend allows', 'origin', a.origin],
    ['false: same-origin deployment (e.g. a Next.js proxy), CORS items are skipped', 'cors', a.cors],
    ['reports to write: html, md, junit, json, sarif, vitest-html', 'reports', a.reports],
    ['where reports go (relative to this file)', 'reportDir', a.reportDir ?? 'reports/tck'],
    ['per-item severity overrides: fail, warn or info, e.g. { "AUTH-022": "fail" }', 'severity', {}],
    ...(a.baseline ? [['accepted findings (tck check --update-baseline writes it)', 'baseline', a.baseline] as [string, keyof TckConfig, unknown]] : []),
  ]
}

/** The config object `answers` make (what the file holds, `$schema` aside). */
export const initConfig = (a: InitAnswers): TckConfig => Object.fromEntries(entries(a).map(([, key, value]) => [key, value])) as TckConfig

const oneLine = (value: unknown) => JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ')

/** The commented config file for `answers`: JSONC (default) or TypeScript; its object passes the config's own validation. */
export function renderInitConfig(a: InitAnswers, how: InitFormat = {}): string {
  const header = (name: string) =>
    `// ${name}: settings of \`tck check\` (flags given on the command line win).\n// Secrets never go here: shared-secret mode reads TCK_SECRET from the environment.\n`
  const list = entries(a)
  if (how.format === 'ts') {
    const body = list.map(([comment, key, value]) => `  // ${comment}\n  ${key}: ${oneLine(value)},\n`).join('')
    return how.importDefineConfig
      ? `${header('tck.config.ts')}import { defineConfig } from 'tasks-tck/checklist'\n\nexport default defineConfig({\n${body}})\n`
      : `${header('tck.config.ts')}// Editor types: npm i -D tasks-tck, then export default defineConfig({ … }) from 'tasks-tck/checklist'.\nexport default {\n${body}}\n`
  }
  const all: [string, string, unknown][] = [
    ...(how.schema ? [['the JSON schema editors complete and check this file with', '$schema', how.schema] as [string, string, unknown]] : []),
    ...list,
  ]
  const body = all
    .map(([comment, key, value], i) => `  // ${comment}\n  ${JSON.stringify(key)}: ${oneLine(value)}${i === all.length - 1 ? '' : ','}\n`)
    .join('')
  return `${header('tck.config.jsonc')}{\n${body}}\n`
}

/** The package's `dist/` as seen from `dir` (through Node's resolution: hoisted, workspaces), if tasks-tck is installed there. */
function installedDist(dir: string): string | undefined {
  try {
    return join(dirname(createRequire(join(dir, 'noop.js')).resolve('tasks-tck/package.json')), 'dist')
  } catch {
    return undefined
  }
}

/** How the file at `path` refers to the installed package: `$schema` (jsonc) or defineConfig's import (ts). */
export function initFormatFor(path: string, format: 'jsonc' | 'ts'): InitFormat {
  const dist = installedDist(dirname(path))
  if (format === 'ts') return { format, importDefineConfig: dist !== undefined && existsSync(join(dist, 'checklist/index.js')) }
  const schema = dist && join(dist, CONFIG_SCHEMA_FILE)
  if (!schema || !existsSync(schema)) return { format }
  const rel = relative(dirname(path), schema).split('\\').join('/')
  return { format, schema: rel.startsWith('.') ? rel : `./${rel}` }
}
