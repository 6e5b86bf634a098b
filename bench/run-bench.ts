/**
 * `npm run bench`: load on the reference server and its floor, the mocks side by side, the
 * checklist's wall time, and `tck start`'s time to ready; prints the tables and writes
 * BENCHMARKS.md and reports/bench.json. `--help` lists the options.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { measureApiCase, type ApiCaseRun } from './api-cases.ts'
import { startApiTargets } from './api-targets.ts'
import { CHECK_TARGETS, timeCheck, timeStart } from './command-timings.ts'
import { runLoad, type LoadResult } from './load.ts'
import { MOCK_ENGINES, startMock } from './mock-targets.ts'
import { renderBenchmarks } from './render-benchmarks.ts'
import { API_CASES, BIG_LIST_SIZE, describeMachine, type ApiCase, type BenchResults, type LoadSummary } from './results.ts'
import { REPO_ROOT } from './spawn-child.ts'
import { summarize } from './stats.ts'

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Options:
  --quick            1 run x 3 s per case (a smoke test; numbers not worth publishing)
  --runs N           runs per case (default 3)
  --duration S       seconds per measured load run (default 10)
  --connections N    concurrent connections (default 50)
  --only LIST        some of: ${[...API_CASES, ...MOCK_ENGINES, 'check', 'start'].join(',')} (default all)
  --out FILE         the Markdown report (default BENCHMARKS.md)
  --json FILE        the raw results (default reports/bench.json)
  --cpu-prof DIR     write a V8 CPU profile of the reference server into DIR (node --cpu-prof)
  -h, --help         this help

The reference server runs on the PostgreSQL server of DATABASE_URL (an admin URL: a throw-away
database is created and dropped), else on embedded PGlite, which the report then says.
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench
`

const CASES = [...API_CASES, ...MOCK_ENGINES, 'check', 'start'] as const
type CaseId = (typeof CASES)[number]

/** Hand-written history of the performance fixes, appended to BENCHMARKS.md. */
const NOTES_FILE = resolve(REPO_ROOT, 'bench/performance-notes.md')

const log = (line: string) => process.stderr.write(`bench: ${line}\n`)

type MeasuredRun = LoadResult & Partial<Pick<ApiCaseRun, 'peakRssBytes' | 'jwksFetches' | 'cpuUsPerRequest' | 'postgresCpuUsPerRequest'>>

/** The runs' summary of a measurement, or nothing when no run had it. */
function summarizeSome(runs: MeasuredRun[], pick: (r: MeasuredRun) => number | undefined) {
  const values = runs.map(pick).filter((v): v is number => v !== undefined)
  return values.length > 0 ? summarize(values) : undefined
}

function loadSummary(runs: MeasuredRun[]): LoadSummary {
  const rss = summarizeSome(runs, (r) => r.peakRssBytes)
  const cpu = summarizeSome(runs, (r) => r.cpuUsPerRequest)
  const postgresCpu = summarizeSome(runs, (r) => r.postgresCpuUsPerRequest)
  const fetches = runs.map((r) => r.jwksFetches).filter((f): f is number => f !== undefined)
  return {
    rps: summarize(runs.map((r) => r.rps)),
    p50Ms: summarize(runs.map((r) => r.p50Ms)),
    p99Ms: summarize(runs.map((r) => r.p99Ms)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    ...(rss && { peakRssBytes: rss }),
    ...(cpu && { cpuUsPerRequest: cpu }),
    ...(postgresCpu && { postgresCpuUsPerRequest: postgresCpu }),
    ...(fetches.length > 0 && { jwksFetches: fetches.reduce((a, b) => a + b, 0) }),
  }
}

const describeRun = (r: LoadResult) =>
  `${Math.round(r.rps)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.errors} errors${r.errors > 0 ? ` ${JSON.stringify(r.statusCodes)}` : ''}`

/** Runs the bench. @returns the exit code. */
export async function runBench(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        runs: { type: 'string' },
        duration: { type: 'string' },
        connections: { type: 'string', default: '50' },
        only: { type: 'string' },
        out: { type: 'string', default: 'BENCHMARKS.md' },
        json: { type: 'string', default: 'reports/bench.json' },
        'cpu-prof': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${BENCH_USAGE}`)
    return 2
  }
  if (values.help) {
    process.stdout.write(BENCH_USAGE)
    return 0
  }
  const runs = Number(values.runs ?? (values.quick ? 1 : 3))
  const durationSeconds = Number(values.duration ?? (values.quick ? 3 : 10))
  const connections = Number(values.connections)
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? [...CASES]
  const unknown = only.filter((id) => !(CASES as readonly string[]).includes(id))
  const problems = [
    ...(!Number.isInteger(runs) || runs < 1 ? ['--runs must be a positive integer'] : []),
    ...(!(durationSeconds > 0) ? ['--duration must be a positive number of seconds'] : []),
    ...(!Number.isInteger(connections) || connections < 1 ? ['--connections must be a positive integer'] : []),
    ...(unknown.length > 0 ? [`--only: unknown case(s) ${unknown.join(', ')} (use ${CASES.join(', ')})`] : []),
  ]
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\n${BENCH_USAGE}`)
    return 2
  }
  const selected = new Set(only as CaseId[])
  const warmupSeconds = 1
  const measure = { durationSeconds, warmupSeconds, connections }

  const results: BenchResults = {
    generatedAt: '',
    machine: describeMachine(),
    settings: { runs, durationSeconds, warmupSeconds, connections },
    api: {},
    mocks: {},
    checks: {},
  }

  const apiCases = API_CASES.filter((id) => selected.has(id))
  if (apiCases.length > 0) {
    const databaseUrl = env.DATABASE_URL?.trim() || undefined
    if (!databaseUrl) log('DATABASE_URL is not set: the reference server runs on embedded PGlite (the report says so)')
    const seedBigList = apiCases.some((id) => id.startsWith('page-'))
    if (seedBigList) log(`seeding ${BIG_LIST_SIZE.toLocaleString('en-US')} tasks for the page cases (~15 s)`)
    const targets = await startApiTargets({ databaseUrl, cpuProfDir: values['cpu-prof'], seedBigList })
    results.settings.database = targets.database
    try {
      const perCase = new Map<ApiCase, ApiCaseRun[]>(apiCases.map((id) => [id, []]))
      // Runs interleave the cases, so a slow drift of the machine spreads over all of them alike.
      for (let run = 1; run <= runs; run++) {
        for (const id of apiCases) {
          const result = await measureApiCase(id, targets, measure)
          log(`${id} run ${run}/${runs}: ${describeRun(result)}`)
          perCase.get(id)!.push(result)
        }
      }
      for (const [id, caseRuns] of perCase) results.api[id] = loadSummary(caseRuns)
    } finally {
      await targets.close()
    }
  }

  for (const engine of MOCK_ENGINES.filter((id) => selected.has(id))) {
    const mock = await startMock(engine)
    try {
      const mockRuns: LoadResult[] = []
      for (let run = 1; run <= runs; run++) {
        await runLoad({ ...mock.request, connections, durationSeconds: warmupSeconds })
        const result = await runLoad({ ...mock.request, connections, durationSeconds })
        log(`${engine} run ${run}/${runs}: ${describeRun(result)}`)
        mockRuns.push(result)
      }
      results.mocks[engine] = loadSummary(mockRuns)
    } finally {
      await mock.child.stop()
    }
  }

  if (selected.has('check')) {
    const times = new Map(CHECK_TARGETS.map((t) => [t, [] as { ms: number; ok: boolean }[]]))
    for (let run = 1; run <= runs; run++) {
      for (const target of CHECK_TARGETS) {
        const timing = await timeCheck(target)
        log(`tck check --target ${target} run ${run}/${runs}: ${(timing.ms / 1000).toFixed(1)} s${timing.ok ? '' : ' (FAILED)'}`)
        times.get(target)!.push(timing)
      }
    }
    for (const [target, timings] of times) {
      results.checks[target] = { ms: summarize(timings.map((t) => t.ms)), failures: timings.filter((t) => !t.ok).length }
    }
  }

  if (selected.has('start')) {
    const starts = []
    for (let run = 1; run <= runs; run++) {
      const timing = await timeStart()
      log(`tck start run ${run}/${runs}: cold ${(timing.cold.ms / 1000).toFixed(1)} s, warm ${(timing.warm.ms / 1000).toFixed(1)} s`)
      starts.push(timing)
    }
    results.start = {
      cold: summarize(starts.map((s) => s.cold.ms)),
      warm: summarize(starts.map((s) => s.warm.ms)),
      failures: starts.reduce((n, s) => n + (s.cold.ok ? 0 : 1) + (s.warm.ok ? 0 : 1), 0),
    }
  }

  results.generatedAt = new Date().toISOString()
  const notes = existsSync(NOTES_FILE) ? readFileSync(NOTES_FILE, 'utf8') : undefined
  for (const [file, text] of [
    [values.out, renderBenchmarks(results, notes)],
    [values.json, `${JSON.stringify(results, null, 2)}\n`],
  ] as const) {
    mkdirSync(dirname(resolve(file)), { recursive: true })
    writeFileSync(file, text)
  }
  process.stdout.write(`${renderBenchmarks(results)}\nWritten to ${values.out} and ${values.json}\n`)
  return 0
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/run-bench.ts')) {
  process.exitCode = await runBench(process.argv.slice(2), process.env)
}
