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
  it('measures the floor and the list on the cached and uncached server, the cache hit rate, and writes the tables', async () => {
    const out = join(dir, 'BENCHMARKS.md')
    const json = join(dir, 'bench.json')
    const servers = testEnv.databaseUrl ? 'postgres,postgres-nocache' : 'pglite,pglite-nocache'
    const { code, output } = await bench(['--quick', '--duration', '2', '--only', 'floor,list,users-100', '--servers', servers, '--out', out, '--json', json])
    expect(code, output).toBe(0)
    const md = readFileSync(out, 'utf8')
    expect(md).toMatch(/\| floor: .*\| [\d,]+ \| 1\.00 \|/)
    expect(md).toMatch(/\| list \(GET, 10 tasks\), (PostgreSQL|PGlite), cache on \| [\d,]+ \| \d+\.\d\d \|/)
    expect(md).toMatch(/\| list \(GET, 10 tasks\), (PostgreSQL|PGlite), cache off \| [\d,]+ \| \d+\.\d\d \|/)
    expect(md).toMatch(/Authenticated list: \*\*\d+\.\d\d\*\* of the floor/)
    expect(md).toContain('## Targets')
    expect(md).toMatch(/\| list ≥ 0\.8 × the floor's requests\/s, cache on \| \d+\.\d\d \(cache off: \d+\.\d\d\) \| (met|\*\*not met\*\*) \|/)
    const results = JSON.parse(readFileSync(json, 'utf8')) as BenchResults
    expect(results.settings.database).toBe(testEnv.databaseUrl ? 'postgres' : 'pglite')
    const uncached = results.variants?.[testEnv.databaseUrl ? 'postgres-nocache' : 'pglite-nocache']?.list
    for (const load of [results.api.floor!, results.api.list!, results.api['users-100']!, uncached!]) {
      expect(load.rps.median).toBeGreaterThan(0)
      // Every request authenticated and answered 2xx: a benchmark of 401s would be meaningless.
      expect(load.errors).toBe(0)
      expect(load.peakRssBytes!.median).toBeGreaterThan(10 * 1024 * 1024)
    }
    // 100 users' tokens cycled after a warm-up: all but a handful of lookups hit the cache; none when it is off.
    expect(results.api['users-100']!.cacheHitRate).toBeGreaterThan(0.95)
    expect(uncached!.cacheHitRate).toBeUndefined()
    expect(results.api.create).toBeUndefined()
    // The table went to --out and the terminal, never to the repository's BENCHMARKS.md.
    expect(output).toContain(`Written to ${out}`)
  }, 180_000)

  it('exits 2 on a server variant it does not know', async () => {
    const { code, output } = await bench(['--servers', 'pglite,mysql'])
    expect(code).toBe(2)
    expect(output).toContain('--servers: use some of')
  })

  it('exits 2 with the problem on an unknown case', async () => {
    const { code, output } = await bench(['--only', 'list,nope'])
    expect(code).toBe(2)
    expect(output).toContain('unknown case(s) nope')
  })
})
