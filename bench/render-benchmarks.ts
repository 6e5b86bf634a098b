import { fixed, formatSummary, int, percent, seconds } from './format.ts'
import { ratio, type Summary } from './stats.ts'
import { BIG_LIST_SIZE, PAGE_TARGET_MS, VARIANT_CASES, type BenchResults, type LoadSummary, type ServerVariantId } from './results.ts'
import { scalingTables, VARIANT_LABELS } from './render-scaling.ts'
import { JWKS_FETCH_TARGET, LIST_FLOOR_TARGET, targetsTable, type TargetNotes } from './render-targets.ts'

export { formatSummary, JWKS_FETCH_TARGET, LIST_FLOOR_TARGET }

const MIB = 1024 * 1024
const mib = (bytes: number) => (bytes / MIB).toFixed(0)

/** JWKS fetches per 10,000 requests of a case, or undefined when nothing was counted. */
export function jwksFetchesPer10k(load: LoadSummary | undefined): number | undefined {
  if (!load || load.jwksFetches === undefined || load.requests === 0) return undefined
  return (load.jwksFetches / load.requests) * 10_000
}

const API_LABELS = {
  floor: 'floor: bare Fastify + jose `jwtVerify`, constant body',
  list: 'list (GET, 10 tasks)',
  create: 'create (POST, small body)',
  toggle: 'toggle (PATCH …/complete)',
  'page-first': 'first page of 5,000 tasks (GET, 100 tasks, 1 connection)',
  'page-deep': 'deep page of 5,000 tasks (offset 4,900, 1 connection)',
} as const

/** Cases measured one request at a time: their throughput is not comparable with the floor's. */
const SEQUENTIAL = new Set(['page-first', 'page-deep'])

function loadRow(label: string, load: LoadSummary, floor: LoadSummary | undefined, comparable: boolean): string {
  const vsFloor = !comparable ? '–' : label === API_LABELS.floor ? '1.00' : floor ? formatSummary(ratio(load.rps, floor.rps), fixed(2)) : '–'
  return `| ${label} | ${formatSummary(load.rps)} | ${vsFloor} | ${formatSummary(load.p50Ms, fixed(1))} | ${formatSummary(load.p99Ms, fixed(1))} | ${int(load.errors)} | ${formatSummary(load.peakRssBytes, mib)} | ${formatSummary(load.cpuUsPerRequest)} | ${formatSummary(load.postgresCpuUsPerRequest)} | ${percent(load.cacheHitRate)} |`
}

function apiTable(results: BenchResults): string[] {
  const floor = results.api.floor
  const primary = results.settings.primary
  const rows = (Object.keys(API_LABELS) as (keyof typeof API_LABELS)[]).flatMap((id) => {
    const load = results.api[id]
    const own = load
      ? [loadRow(id === 'floor' || !primary ? API_LABELS[id] : `${API_LABELS[id]}, ${VARIANT_LABELS[primary]}`, load, floor, !SEQUENTIAL.has(id))]
      : []
    if (!(VARIANT_CASES as readonly string[]).includes(id)) return own
    const others = Object.entries(results.variants ?? {}).flatMap(([variant, cases]) => {
      const other = cases[id as (typeof VARIANT_CASES)[number]]
      return other ? [loadRow(`${API_LABELS[id]}, ${VARIANT_LABELS[variant as ServerVariantId]}`, other, floor, true)] : []
    })
    return [...own, ...others]
  })
  if (rows.length === 0) return []
  const { settings } = results
  const db =
    settings.database === 'postgres'
      ? 'real PostgreSQL (the PGlite rows: embedded PGlite in the server process)'
      : '**embedded PGlite** (DATABASE_URL was not set: not the published configuration)'
  const lines = [
    `## Reference server under load`,
    '',
    `autocannon on loopback, ${settings.connections} connections, ${settings.runs} × ${settings.durationSeconds} s per case after a ${settings.warmupSeconds} s warm-up, the floor and every server measured in turn within each run; reference server (\`buildApp\`/\`startServer\` as \`tck serve\` runs them, bench/reference-main.ts, LOG_LEVEL=warn) on ${db}. "cache on": the verified-token cache (VERIFY_CACHE, the default); "cache off": VERIFY_CACHE=off. Server and floor each run in their own process; peak RSS and CPU per request are that process's (CPU from /proc, user + system), PostgreSQL's CPU is that of the backends serving the server's pool.`,
    '',
    '| case | requests/s | vs floor | p50 ms | p99 ms | errors | peak RSS MiB | server CPU µs/req | PostgreSQL CPU µs/req | cache hit rate |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ]
  const list = results.api.list
  if (floor && list) {
    const share = list.rps.median / floor.rps.median
    lines.push(
      `Authenticated list: **${share.toFixed(2)}** of the floor (target ≥ ${LIST_FLOOR_TARGET}: ${share >= LIST_FLOOR_TARGET ? 'met' : '**not met**'}).`,
      '',
    )
  }
  if (results.api.create)
    lines.push('The create case inserts for a user of its own, so the table grows during the run but the listed user always has exactly 10 tasks.', '')
  lines.push(...pageLines(results), ...scalingTables(results))
  return lines
}

/** The verdict on issue 11's target: a bounded page of a 5,000-task user within {@link PAGE_TARGET_MS} at p99. */
function pageLines(results: BenchResults): string[] {
  const pages = (['page-first', 'page-deep'] as const).filter((id) => results.api[id])
  if (pages.length === 0) return []
  const worst = Math.max(...pages.map((id) => results.api[id]!.p99Ms.max))
  return [
    `Bounded list of a user with ${BIG_LIST_SIZE.toLocaleString('en-US')} maximal tasks (255-character title, 2,000-character description; the security review's F5 load): ` +
      `${pages.map((id) => `${id === 'page-first' ? 'first page' : 'deep page'} p50 ${formatSummary(results.api[id]!.p50Ms, fixed(1))} ms, p99 ${formatSummary(results.api[id]!.p99Ms, fixed(1))} ms`).join('; ')} ` +
      `(target p99 < ${PAGE_TARGET_MS} ms: ${worst < PAGE_TARGET_MS ? 'met' : '**not met**'}). The unbounded list answered 12 MB in 373–528 ms.`,
    '',
  ]
}

function jwksLines(results: BenchResults): string[] {
  const server = (['list', 'create', 'toggle'] as const).map((id) => results.api[id]).filter((l): l is LoadSummary => l?.jwksFetches !== undefined)
  if (server.length === 0 && !results.api.floor) return []
  const fetches = server.reduce((sum, l) => sum + l.jwksFetches!, 0)
  const requests = server.reduce((sum, l) => sum + l.requests, 0)
  const lines = ['## JWKS fetches', '', '| process | fetches | requests | per 10,000 requests |', '|---|---:|---:|---:|']
  if (server.length > 0) {
    const per10k = requests === 0 ? 0 : (fetches / requests) * 10_000
    lines.push(`| reference server | ${int(fetches)} | ${int(requests)} | ${per10k.toFixed(2)} |`)
  }
  const floor = jwksFetchesPer10k(results.api.floor)
  if (floor !== undefined) lines.push(`| floor | ${int(results.api.floor!.jwksFetches!)} | ${int(results.api.floor!.requests)} | ${floor.toFixed(2)} |`)
  lines.push(
    '',
    `Counted by the simulated issuer during the measured runs (after warm-up): steady state, target ≤ ${JWKS_FETCH_TARGET} per 10,000 requests.`,
    '',
  )
  return lines
}

function mockTable(results: BenchResults): string[] {
  const rows = (['msw', 'prism'] as const).flatMap((id) => {
    const load = results.mocks[id]
    if (!load) return []
    const label = id === 'msw' ? 'MSW mock (`tck mock`, 3 seeded tasks, verifies the JWT)' : 'Prism (`tck mock --engine prism`, contract example)'
    return [`| ${label} | ${formatSummary(load.rps)} | ${formatSummary(load.p50Ms, fixed(1))} | ${formatSummary(load.p99Ms, fixed(1))} | ${int(load.errors)} |`]
  })
  if (rows.length === 0) return []
  return [
    '## Mocks side by side',
    '',
    `The same list request (\`GET /api/user_alice/tasks\`), ${results.settings.connections} connections, ${results.settings.runs} × ${results.settings.durationSeconds} s.`,
    '',
    '| mock | requests/s | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
  ]
}

function checkTable(results: BenchResults): string[] {
  const row = (command: string, check: { ms: Summary; failures: number } | undefined) =>
    check ? [`| ${command} | ${formatSummary(check.ms, seconds)} | ${check.failures} |`] : []
  const rows = [
    ...(['reference', 'msw', 'prism'] as const).flatMap((id) => row(`\`tck check --target ${id}\``, results.checks[id])),
    ...row('`tck check --target <url>` of a running reference server', results.checkUrls?.reference),
    ...row('`tck check --target <url>` of a running MSW mock', results.checkUrls?.msw),
    ...row('`tck check --self-test` (1 run)', results.selfTest),
  ]
  if (rows.length === 0) return []
  return [
    '## Checklist suite wall time',
    '',
    "From spawn to exit, as a user runs it (the reference target on embedded PGlite, as without `--database-url`). For `--target <url>` the backend (and for the reference server its simulated issuer, passed with `--issuer-url`) was started before the clock: the checklist's own time.",
    '',
    '| command | seconds | failed runs |',
    '|---|---:|---:|',
    ...rows,
    '',
  ]
}

function contractTable(results: BenchResults): string[] {
  const points = results.contractScaling
  if (!points || points.length === 0) return []
  const base = points[0]!
  return [
    '## Contract scaling',
    '',
    'bench/contract-scaling.ts: the same work on contracts with more operations; growth relative to the smallest contract.',
    '',
    '| operations | seconds | × time | × operations |',
    '|---:|---:|---:|---:|',
    ...points.map(
      (p) =>
        `| ${int(p.operations)} | ${formatSummary(p.seconds, fixed(2))} | ${(p.seconds.median / base.seconds.median).toFixed(1)} | ${(p.operations / base.operations).toFixed(0)} |`,
    ),
    '',
  ]
}

function startTable(results: BenchResults): string[] {
  const { start } = results
  if (!start) return []
  return [
    '## `npm start` to ready',
    '',
    "`node bin/tck.mjs start --port 0 --web-port 0 --state-dir <tmp>` on the embedded databases, from spawn to the line `Ready.`. first = a machine's very first start (empty state folder and empty TCK_CACHE_DIR: initdb runs and the prepared PGlite cluster is written); cold = first start of a state folder on a machine that has the prepared cluster; warm = second start on the same folder.",
    '',
    '| start | seconds |',
    '|---|---:|',
    ...(start.first ? [`| first on this machine | ${formatSummary(start.first, seconds)} |`] : []),
    `| cold | ${formatSummary(start.cold, seconds)} |`,
    `| warm | ${formatSummary(start.warm, seconds)} |`,
    ...(start.failures > 0 ? ['', `${start.failures} start(s) did not reach \`Ready.\`.`] : []),
    '',
  ]
}

/**
 * BENCHMARKS.md from a run's results. `notes` (Markdown written by hand: what was changed and the
 * before/after numbers) is appended as is, since a fix's history is not something one run measures;
 * `targetNotes` (bench/target-notes.json) says what stands in the way of an unmet target.
 */
export function renderBenchmarks(results: BenchResults, notes?: string, targetNotes?: TargetNotes): string {
  const { machine, settings } = results
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\` on ${results.generatedAt.slice(0, 16).replace('T', ' ')} UTC. Medians of ${settings.runs} run(s), spread (min–max) in parentheses.`,
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB memory, Node ${machine.node}, ${machine.os}. The load generator shares the machine with the server.`,
    '',
    ...targetsTable(results, targetNotes),
    ...apiTable(results),
    ...jwksLines(results),
    ...mockTable(results),
    ...checkTable(results),
    ...contractTable(results),
    ...startTable(results),
  ]
  if (notes?.trim()) lines.push(notes.trim(), '')
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}
