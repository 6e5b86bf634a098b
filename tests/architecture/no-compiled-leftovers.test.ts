import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The repo runs from its TypeScript source; compiled output belongs in dist/ only. A `foo.js` or
 * `foo.d.ts` beside `foo.ts` is a leftover of a stray `tsc` run (four were once committed): Node,
 * Vitest or esbuild may load it instead of the source, so an edit to the source silently does nothing.
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** What compiling a source of each extension leaves beside it. */
const OUTPUTS: Record<string, string[]> = {
  '.ts': ['.js', '.d.ts', '.js.map'],
  '.tsx': ['.js', '.d.ts', '.js.map'],
  '.mts': ['.mjs', '.d.mts'],
  '.cts': ['.cjs', '.d.cts'],
}

/**
 * Files git tracks, plus untracked ones it would add (not ignored): a leftover is caught before it
 * is committed, not only after. dist/ and node_modules/ are ignored, so never listed.
 */
function repoFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  return out.split('\0').filter((path) => path && !/(^|\/)(dist|node_modules)\//.test(path))
}

/** `compiled ← source` for every compiled file that sits beside a source of the same name. */
function compiledLeftovers(paths: string[]): string[] {
  const present = new Set(paths)
  const found: string[] = []
  for (const path of paths) {
    const source = Object.keys(OUTPUTS).find((ext) => path.endsWith(ext) && !path.endsWith(`.d${ext}`))
    if (!source) continue
    const stem = path.slice(0, -source.length)
    for (const ext of OUTPUTS[source]!) if (present.has(stem + ext)) found.push(`${stem + ext} ← ${path}`)
  }
  return found.sort()
}

describe('compiled leftovers', () => {
  it('no .js / .d.ts sits beside a .ts / .tsx source of the same name outside dist/', () => {
    expect(compiledLeftovers(repoFiles()), 'delete these: the source is the truth, compiled output goes to dist/ (npm run build)').toEqual([])
  })
})
