/**
 * Reading a config file before validation: JSON with comments, or a module (`.ts`/`.mts`/`.cts`
 * through Vite's module runner, `.js`/`.mjs`/`.cjs` through Node's import) whose default export is
 * the config. What goes wrong is one sentence, masked: a line and a column, never the file's text.
 */
import { readFileSync, statSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { redact } from '../support/exchange.ts'
import { jsoncErrorAt, parseJsonc } from './jsonc.ts'

/** A module config (TypeScript or JavaScript) rather than JSON: how {@link readConfigFile} reads a path. */
export const isModuleFile = (path: string) => /^\.[cm]?[jt]s$/.test(extname(path))

/**
 * The default export of a `.ts`/`.mts`/`.cts` config, through Vite's module runner (Vite is
 * Vitest's, already installed; no tsx at run time), or of a `.js`/`.mjs`/`.cjs` one through
 * Node's own import. Packages the file imports (`tasks-tck/checklist` for defineConfig) load
 * natively, once. The file runs: it is the project's own code, like vite.config.ts.
 */
async function importConfigModule(path: string): Promise<unknown> {
  if (/^\.[cm]?ts$/.test(extname(path))) {
    const { runnerImport } = await import('vite')
    const { module } = await runnerImport<{ default?: unknown }>(path, { root: resolve(path, '..'), logLevel: 'silent' })
    return module.default
  }
  // The modification time in the URL: an edited file is read again in the same process (tests, watch).
  const module = (await import(`${pathToFileURL(path).href}?mtime=${statSync(path).mtimeMs}`)) as { default?: unknown }
  return module.default
}

/** `{ a: undefined }` → `{}`, deeply: `origin: process.env.ORIGIN` without the variable means "not set", as in JSON. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined)
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, withoutUndefined(v)]])))
}

/**
 * What a module threw, for a person: ANSI colours and Vite's code frame (which quotes the file)
 * dropped, its `file:line:column` kept as "line L, column C", the first lines of the message kept.
 */
function loadProblem(error: unknown): string {
  const lines = stripVTControlCharacters((error as Error)?.message ?? String(error))
    .trim()
    .split('\n')
  const at = lines.map((l) => /^\s*╭─+\[.*:(\d+):(\d+) \]/.exec(l)).find(Boolean)
  const text = lines.filter((l) => l.trim() && !/[│╭╰┬─]/.test(l)).slice(0, 4)
  return `${at ? `(line ${at[1]}, column ${at[2]}) ` : ''}${text.join('\n')}`
}

/** What {@link readConfigFile} read: the config before validation, or the one problem that stopped it. */
export type ConfigFileRead = { raw: unknown } | { problem: string }

/**
 * The config in `path` before validation; `shown` names the file in the problem (not JSON, the
 * module throws, no default export, a default export that is not an object). Masked with redact().
 */
export async function readConfigFile(path: string, shown: string): Promise<ConfigFileRead> {
  if (!isModuleFile(path)) {
    const text = readFileSync(path, 'utf8')
    try {
      return { raw: parseJsonc(text) }
    } catch {
      const at = jsoncErrorAt(text)
      return { problem: redact(`${shown}: not JSON${at ? ` (${at})` : ''}`) }
    }
  }
  let exported: unknown
  try {
    exported = await importConfigModule(path)
  } catch (error) {
    return { problem: redact(`${shown}: could not be loaded: ${loadProblem(error)}`) }
  }
  if (exported === undefined) return { problem: `${shown}: no default export (export default defineConfig({ … }))` }
  if (!exported || typeof exported !== 'object' || Array.isArray(exported))
    return { problem: `${shown}: the default export must be the config object (got ${Array.isArray(exported) ? 'an array' : typeof exported})` }
  return { raw: withoutUndefined(exported) }
}
