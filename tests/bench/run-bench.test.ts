import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { BenchResults } from '../../bench/results.ts'
import { testEnv } from '../support/test-env.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'tck-bench-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `npm run bench -- …` as a child process. @returns exit code and output. */
function bench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run-bench.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...(testEnv.databaseUrl && { DATABASE_URL: testEnv.databaseUrl }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString()
    })
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString()
    })
    child.on('exit', (code) => resolve({ code, output }))
  })
}

describe('npm run bench', () => {
  it('measures the floor and the authenticated list and writes a table with their ratio', async () => {
    const out = join(dir, 'BENCHMARKS.md')
    const json = join(dir, 'bench.json')
    const { code, output } = await bench(['--quick', '--only', 'floor,list', '--out', out, '--json', json])
    expect(code, output).toBe(0)
    const md = readFileSync(out, 'utf8')
    expect(md).toMatch(/\| floor: .*\| [\d,]+ \| 1\.00 \|/)
    expect(md).toMatch(/\| list \(GET, 10 tasks\) \| [\d,]+ \| \d+\.\d\d \|/)
    expect(md).toMatch(/Authenticated list: \*\*\d+\.\d\d\*\* of the floor/)
    const results = JSON.parse(readFileSync(json, 'utf8')) as BenchResults
    expect(results.settings.database).toBe(testEnv.databaseUrl ? 'postgres' : 'pglite')
    for (const id of ['floor', 'list'] as const) {
      expect(results.api[id]!.rps.median).toBeGreaterThan(0)
      // Every request authenticated and answered 2xx: a benchmark of 401s would be meaningless.
      expect(results.api[id]!.errors).toBe(0)
      expect(results.api[id]!.peakRssBytes!.median).toBeGreaterThan(10 * 1024 * 1024)
    }
    expect(results.api.create).toBeUndefined()
    // The table went to --out and the terminal, never to the repository's BENCHMARKS.md.
    expect(output).toContain(`Written to ${out}`)
  }, 60_000)

  it('exits 2 with the problem on an unknown case', async () => {
    const { code, output } = await bench(['--only', 'list,nope'])
    expect(code).toBe(2)
    expect(output).toContain('unknown case(s) nope')
  })
})
