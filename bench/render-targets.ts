import { fixed, formatSummary, int, seconds } from './format.ts'
import type { BenchResults, LoadSummary, ServerVariantId } from './results.ts'

/** Share of the floor's throughput the authenticated list must reach with the cache (issue 15). */
export const LIST_FLOOR_TARGET = 0.8
/** Shares of the floor create and toggle must reach (issue 15). */
export const CREATE_FLOOR_TARGET = 0.7
export const TOGGLE_FLOOR_TARGET = 0.6
/** Most p99 latency of list, create and toggle at 50 connections, in milliseconds. */
export const P99_TARGET_MS = 40
/** Most JWKS fetches per 10,000 requests allowed in steady state. */
export const JWKS_FETCH_TARGET = 1
/** Wall-time targets, in seconds. */
export const SECONDS_TARGETS = { checkUrl: 5, checkReference: 7, selfTest: 90, npmTest: 7 * 60, ci: 9 * 60, startCold: 6 } as const
/** MSW's requests/s over Prism's on the same list. */
export const MSW_OVER_PRISM_TARGET = 2

/** Hand-written reasons for unmet targets (bench/target-notes.json), keyed by the row's target text. */
export type TargetNotes = Record<string, string>

type Row = { target: string; measured: string; met: boolean | undefined; blocker?: string }

const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured by this run' : met ? 'met' : '**not met**')
const share = (load: LoadSummary | undefined, floor: LoadSummary | undefined) => (load && floor ? load.rps.median / floor.rps.median : undefined)

/** What the profile-derived figures say about a case that misses its share of the floor. */
function loadBlocker(load: LoadSummary | undefined, floor: LoadSummary | undefined): string {
  if (!load || !floor) return ''
  const cpu = load.cpuUsPerRequest ? `server ${formatSummary(load.cpuUsPerRequest)} µs/req` : 'server CPU not measured'
  const pg = load.postgresCpuUsPerRequest ? ` + PostgreSQL ${formatSummary(load.postgresCpuUsPerRequest)} µs/req` : ''
  const floorCpu = floor.cpuUsPerRequest ? ` against the floor's ${formatSummary(floor.cpuUsPerRequest)} µs/req` : ''
  return `${cpu}${pg}${floorCpu}, all on the cores autocannon uses`
}

function floorRows(results: BenchResults): Row[] {
  const { api, variants, settings } = results
  const floor = api.floor
  const primary = settings.primary
  const without = primary && !primary.endsWith('-nocache') ? variants?.[`${primary}-nocache` as ServerVariantId] : undefined
  return (
    [
      ['list', LIST_FLOOR_TARGET],
      ['create', CREATE_FLOOR_TARGET],
      ['toggle', TOGGLE_FLOOR_TARGET],
    ] as const
  ).flatMap(([id, target]) => {
    const value = share(api[id], floor)
    const off = share(without?.[id], floor)
    if (value === undefined && !floor) return []
    return [
      {
        target: `${id} ≥ ${target} × the floor's requests/s, cache on`,
        measured: value === undefined ? '–' : `${value.toFixed(2)}${off === undefined ? '' : ` (cache off: ${off.toFixed(2)})`}`,
        met: value === undefined ? undefined : value >= target,
        blocker: loadBlocker(api[id], floor),
      },
    ]
  })
}

function loadRows(results: BenchResults): Row[] {
  const { api, variants, settings } = results
  const server = (['list', 'create', 'toggle'] as const).flatMap((id): [string, LoadSummary][] => (api[id] ? [[id, api[id]]] : []))
  if (server.length === 0) return []
  const all = [...server.map(([, l]) => l), ...Object.values(variants ?? {}).flatMap((cases) => Object.values(cases) as LoadSummary[])]
  const errors = all.reduce((n, l) => n + l.errors, 0)
  const [worstId, worst] = server.reduce((a, b) => (b[1].p99Ms.median > a[1].p99Ms.median ? b : a))
  const fetches = server.reduce((n, [, l]) => n + (l.jwksFetches ?? 0), 0)
  const requests = server.reduce((n, [, l]) => n + l.requests, 0)
  const per10k = requests > 0 ? (fetches / requests) * 10_000 : undefined
  return [
    { target: '0 errors under load (every server and case)', measured: int(errors), met: errors === 0, blocker: 'non-2xx or socket errors: see the run log' },
    {
      target: `p99 < ${P99_TARGET_MS} ms at 50 connections (list, create, toggle, cache on)`,
      measured: `${worst.p99Ms.median.toFixed(1)} ms (${worstId}${settings.connections === 50 ? '' : `, at ${settings.connections} connections`})`,
      met: settings.connections === 50 ? worst.p99Ms.median < P99_TARGET_MS : undefined,
      blocker: 'queueing behind the server, PostgreSQL and autocannon on the same cores (requests/s above)',
    },
    {
      target: `JWKS fetches ≤ ${JWKS_FETCH_TARGET} per 10,000 requests`,
      measured: per10k === undefined ? '–' : per10k.toFixed(2),
      met: per10k === undefined ? undefined : per10k <= JWKS_FETCH_TARGET,
    },
  ]
}

const secondsRow = (target: string, ms: number | undefined, limitS: number, extra = ''): Row => ({
  target: `${target} ≤ ${limitS >= 60 && limitS % 60 === 0 ? `${limitS / 60} min` : `${limitS} s`}`,
  measured: ms === undefined ? '–' : `${seconds(ms)} s${extra}`,
  met: ms === undefined ? undefined : ms / 1000 <= limitS,
})

/** A timed command that failed is not a met target, however fast it failed. */
const failing = (row: Row, failures: number): Row =>
  failures === 0 ? row : { ...row, measured: `${row.measured}, ${failures} failed run(s)`, met: false, blocker: 'a run failed: see the run log' }

function commandRows(results: BenchResults): Row[] {
  const { checkUrls, checks, selfTest, contractScaling, recorded, start, mocks } = results
  const urls = Object.entries(checkUrls ?? {})
  const worstUrl = urls.length > 0 ? urls.reduce((a, b) => (b[1].ms.median > a[1].ms.median ? b : a)) : undefined
  const urlFailures = urls.reduce((n, [, c]) => n + c.failures, 0)
  const slowest = worstUrl ? ` (${worstUrl[0]}, the slower)` : ''
  const rows: Row[] = [
    failing(secondsRow('`tck check --target <url>` of a running backend', worstUrl?.[1].ms.median, SECONDS_TARGETS.checkUrl, slowest), urlFailures),
    failing(secondsRow('`tck check --target reference`', checks.reference?.ms.median, SECONDS_TARGETS.checkReference), checks.reference?.failures ?? 0),
    failing(secondsRow('`tck check --self-test`', selfTest?.ms.median, SECONDS_TARGETS.selfTest), selfTest?.failures ?? 0),
  ]
  const first = contractScaling?.[0]
  const last = contractScaling?.at(-1)
  const growth = first && last ? last.seconds.median / first.seconds.median : undefined
  const opsGrowth = first && last ? last.operations / first.operations : undefined
  rows.push({
    target: 'contracts of 6/24/96 operations: time grows at most linearly',
    measured: growth === undefined ? '–' : `× ${growth.toFixed(1)} time for × ${opsGrowth!.toFixed(0)} operations`,
    met: growth === undefined ? undefined : growth <= opsGrowth!,
  })
  for (const [key, label, limit] of [
    ['npmTest', '`npm test`', SECONDS_TARGETS.npmTest],
    ['ci', '`.ci/run`', SECONDS_TARGETS.ci],
  ] as const) {
    const figure = recorded?.[key]
    rows.push(secondsRow(label, figure && figure.seconds * 1000, limit, figure ? ` (${figure.source})` : ''))
  }
  rows.push(
    secondsRow(
      '`npm start` ready, cold',
      start?.cold.median,
      SECONDS_TARGETS.startCold,
      start?.first ? ` (a machine's very first start: ${seconds(start.first.median)} s)` : '',
    ),
  )
  const ratio = mocks.msw && mocks.prism ? mocks.msw.rps.median / mocks.prism.rps.median : undefined
  rows.push({
    target: `MSW mock over HTTP ≥ ${MSW_OVER_PRISM_TARGET} × Prism's requests/s (same list)`,
    measured: ratio === undefined ? '–' : `${fixed(2)(ratio)} ×`,
    met: ratio === undefined ? undefined : ratio >= MSW_OVER_PRISM_TARGET,
  })
  return rows
}

/**
 * The "Targets" table: every target of issue 15 with the measured value and its verdict; an unmet
 * row says what stands in the way, from `notes` (hand-written from a profile) or else the run's own
 * CPU figures. A target the run did not measure says so rather than disappearing.
 */
export function targetsTable(results: BenchResults, notes: TargetNotes = {}): string[] {
  const rows = [...floorRows(results), ...loadRows(results), ...commandRows(results)]
  return [
    '## Targets',
    '',
    '| target | measured | verdict | what stands in the way |',
    '|---|---|---|---|',
    ...rows.map(
      (r) => `| ${r.target} | ${r.measured} | ${verdict(r.met)} | ${r.met === false ? (notes[r.target] ?? r.blocker ?? 'see Performance work below') : ''} |`,
    ),
    '',
  ]
}
