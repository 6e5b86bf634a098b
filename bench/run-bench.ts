/**
 * `npm run bench`: load on the reference servers (PostgreSQL and PGlite, verified-token cache on and
 * off) and their floor, list scaling by tasks and by users, the mocks side by side, the checklist's
 * wall times, contract scaling, and `tck start`'s time to ready, checked against issue 15's
 * targets; prints the tables and writes BENCHMARKS.md and reports/bench.json. `--help` lists the options.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { measureApiCase, type ApiCaseRun } from './api-cases.ts'
import { startApiTargets } from './api-targets.ts'
import { measureCommandCases } from './command-cases.ts'
import { runLoad, type LoadResult } from './load.ts'
import { MOCK_ENGINES, startMock } from './mock-targets.ts'
import { renderBenchmarks } from './render-benchmarks.ts'
import {
  API_CASES,
  BIG_LIST_SIZE,
  describeMachine,
  MID_LIST_SIZE,
  SERVER_VARIANTS,
  serverVariant,
  VARIANT_CASES,
  type ApiCase,
  type BenchResults,
  type LoadSummary,
  type ServerVariantId,
} from './results.ts'
import { REPO_ROOT } from './spawn-child.ts'
import { summarize } from './stats.ts'

/** Cases besides the load cases: checklist wall times, contract scaling, start time. */
const EXTRA_CASES = ['check', 'check-url', 'self-test', 'contracts', 'start'] as const

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Options:
  --quick            1 run x 3 s per case, without the self-test (minutes) unless --only names it
                     (a smoke test; numbers not worth publishing)
  --runs N           runs per case (default 3)
  --duration S       seconds per measured load run (default 10)
  --connections N    concurrent connections (default 50)
  --only LIST        some of: ${[...API_CASES, ...MOCK_ENGINES, ...EXTRA_CASES].join(',')} (default all)
  --servers LIST     reference servers, primary first, of: ${SERVER_VARIANTS.join(',')}
                     (default postgres,postgres-nocache,pglite with DATABASE_URL, else pglite,pglite-nocache)
  --npm-test-seconds S  last known \`npm test\` duration, shown when reports/*.json lack one
  --ci-seconds S     last known \`.ci/run\` duration (the bench cannot run CI)
  --out FILE         the Markdown report (default BENCHMARKS.md)
  --json FILE        the raw results (default reports/bench.json)
  --cpu-prof DIR     write a V8 CPU profile of the reference server into DIR (node --cpu-prof)
  -h, --help         this help

The postgres servers run on the PostgreSQL server of DATABASE_URL (an admin URL: a throw-away
database is created and dropped per server); without it only PGlite servers run, which the report says.
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench
`

const CASES = [...API_CASES, ...MOCK_ENGINES, 'check', 'check-url', 'self-test', 'contracts', 'start'] as const
type CaseId = (typeof CASES)[number]

/** Hand-written history of the performance fixes, appended to BENCHMARKS.md. */
const NOTES_FILE = resolve(REPO_ROOT, 'bench/performance-notes.md')
/** Hand-written reasons for unmet targets, keyed by the Targets row's target text. */
const TARGET_NOTES_FILE = resolve(REPO_ROOT, 'bench/target-notes.json')

const log = (line: string) => process.stderr.write(`bench: ${line}\n`)

type MeasuredRun = LoadResult & Partial<Pick<ApiCaseRun, 'peakRssBytes' | 'jwksFetches' | 'cpuUsPerRequest' | 'postgresCpuUsPerRequest' | 'cache'>>

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
  const caches = runs.map((r) => r.cache).filter((c) => c !== undefined)
  const lookups = caches.reduce((n, c) => n + c.hits + c.misses, 0)
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
    ...(lookups > 0 && { cacheHitRate: caches.reduce((n, c) => n + c.hits, 0) / lookups }),
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
        servers: { type: 'string' },
        'npm-test-seconds': { type: 'string' },
        'ci-seconds': { type: 'string' },
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
  const only =
    values.only
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? CASES.filter((id) => !(values.quick && id === 'self-test'))
  const unknown = only.filter((id) => !(CASES as readonly string[]).includes(id))
  const databaseUrl = env.DATABASE_URL?.trim() || undefined
  const variants = (values.servers?.split(',').map((v) => v.trim()) ??
    (databaseUrl ? ['postgres', 'postgres-nocache', 'pglite'] : ['pglite', 'pglite-nocache'])) as ServerVariantId[]
  const badVariants = variants.filter((v) => !(SERVER_VARIANTS as readonly string[]).includes(v))
  const problems = [
    ...(!Number.isInteger(runs) || runs < 1 ? ['--runs must be a positive integer'] : []),
    ...(!(durationSeconds > 0) ? ['--duration must be a positive number of seconds'] : []),
    ...(!Number.isInteger(connections) || connections < 1 ? ['--connections must be a positive integer'] : []),
    ...(unknown.length > 0 ? [`--only: unknown case(s) ${unknown.join(', ')} (use ${CASES.join(', ')})`] : []),
    ...(badVariants.length > 0 || variants.length === 0 ? [`--servers: use some of ${SERVER_VARIANTS.join(', ')}`] : []),
    ...(!databaseUrl && variants.some((v) => serverVariant(v).database === 'postgres') ? ['--servers: the postgres servers need DATABASE_URL'] : []),
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
    if (!databaseUrl) log('DATABASE_URL is not set: the reference servers run on embedded PGlite (the report says so)')
    const seedBigLists = apiCases.some((id) => id.startsWith('page-') || id.startsWith('list-'))
    if (seedBigLists) log(`seeding ${(MID_LIST_SIZE + BIG_LIST_SIZE).toLocaleString('en-US')} tasks for the page and scaling cases (~20 s)`)
    const targets = await startApiTargets({ databaseUrl, variants, cpuProfDir: values['cpu-prof'], seedBigLists })
    const [primary, ...others] = targets.servers
    results.settings.database = serverVariant(primary!.variant).database
    results.settings.primary = primary!.variant
    try {
      const perCase = new Map<string, ApiCaseRun[]>()
      const measureOn = async (id: ApiCase, server: (typeof targets.servers)[number], key: string, run: number) => {
        const result = await measureApiCase(id, targets, server, measure)
        log(`${key} run ${run}/${runs}: ${describeRun(result)}`)
        perCase.set(key, [...(perCase.get(key) ?? []), result])
      }
      // Runs interleave the cases and the servers, so a slow drift of the machine spreads over all of them alike.
      for (let run = 1; run <= runs; run++) {
        for (const id of apiCases) {
          await measureOn(id, primary!, id, run)
          if ((VARIANT_CASES as readonly string[]).includes(id)) for (const server of others) await measureOn(id, server, `${server.variant}/${id}`, run)
        }
      }
      results.variants = {}
      for (const [key, caseRuns] of perCase) {
        const [variant, id] = key.includes('/') ? (key.split('/') as [ServerVariantId, ApiCase]) : [undefined, key as ApiCase]
        if (variant) results.variants[variant] = { ...results.variants[variant], [id]: loadSummary(caseRuns) }
        else results.api[id] = loadSummary(caseRuns)
      }
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

  await measureCommandCases(selected, runs, results, { npmTestSeconds: values['npm-test-seconds'], ciSeconds: values['ci-seconds'] })

  results.generatedAt = new Date().toISOString()
  const notes = existsSync(NOTES_FILE) ? readFileSync(NOTES_FILE, 'utf8') : undefined
  const targetNotes = existsSync(TARGET_NOTES_FILE) ? (JSON.parse(readFileSync(TARGET_NOTES_FILE, 'utf8')) as Record<string, string>) : undefined
  for (const [file, text] of [
    [values.out, renderBenchmarks(results, notes, targetNotes)],
    [values.json, `${JSON.stringify(results, null, 2)}\n`],
  ] as const) {
    mkdirSync(dirname(resolve(file)), { recursive: true })
    writeFileSync(file, text)
  }
  process.stdout.write(`${renderBenchmarks(results, undefined, targetNotes)}\nWritten to ${values.out} and ${values.json}\n`)
  return 0
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/run-bench.ts')) {
  process.exitCode = await runBench(process.argv.slice(2), process.env)
}
