import { describe, expect, it } from 'vitest'
import { formatSummary, jwksFetchesPer10k, renderBenchmarks } from '../../bench/render-benchmarks.ts'
import type { BenchResults, LoadSummary } from '../../bench/results.ts'
import { summarize } from '../../bench/stats.ts'

const load = (rps: number[], extra: Partial<LoadSummary> = {}): LoadSummary => ({
  rps: summarize(rps),
  p50Ms: summarize([2, 2.4, 3]),
  p99Ms: summarize([9, 10, 12]),
  errors: 0,
  requests: 100_000,
  peakRssBytes: summarize([100 * 1024 * 1024, 110 * 1024 * 1024, 120 * 1024 * 1024]),
  cpuUsPerRequest: summarize([180, 190, 200]),
  postgresCpuUsPerRequest: summarize([60, 61, 65]),
  jwksFetches: 0,
  ...extra,
})

const results = (overrides: Partial<BenchResults> = {}): BenchResults => ({
  generatedAt: '2026-11-22T22:30:00.000Z',
  machine: { cpuModel: 'AMD EPYC', cores: 2, memoryBytes: 24 * 1024 ** 3, node: 'v20.20.2', os: 'Debian GNU/Linux 12 (Linux 6.1.0)' },
  settings: { runs: 3, durationSeconds: 10, warmupSeconds: 1, connections: 50, database: 'postgres' },
  api: { floor: load([10_000, 10_500, 11_000]), list: load([7_500, 8_000, 8_200]), create: load([3_000, 3_100, 3_200], { errors: 2 }) },
  mocks: { msw: load([5_000, 5_100, 5_200]), prism: load([900, 950, 1_000]) },
  checks: { reference: { ms: summarize([40_000, 42_000, 45_000]), failures: 0 } },
  start: { first: summarize([20_000]), cold: summarize([12_000, 12_500, 13_000]), warm: summarize([6_000, 6_100, 6_400]), failures: 0 },
  ...overrides,
})

describe('BENCHMARKS.md rendering', () => {
  it('formats a summary as median with its min–max spread, and alone when the runs agree', () => {
    expect(formatSummary(summarize([1000, 1200, 1100]))).toBe('1,100 (1,000–1,200)')
    expect(formatSummary(summarize([5]))).toBe('5')
    expect(formatSummary(undefined)).toBe('–')
  })

  it('describes the machine and the run, and gives each server case its share of the floor', () => {
    const md = renderBenchmarks(results())
    expect(md).toContain('AMD EPYC, 2 cores, 24.0 GiB memory, Node v20.20.2, Debian GNU/Linux 12')
    expect(md).toContain('50 connections, 3 × 10 s per case')
    expect(md).toContain('on real PostgreSQL')
    expect(md).toMatch(
      /\| list \(GET, 10 tasks\) \| 8,000 \(7,500–8,200\) \| 0\.76 \(0\.68–0\.82\) \| 2\.4 \(2\.0–3\.0\) \| 10\.0 \(9\.0–12\.0\) \| 0 \| 110 \(100–120\) \| 190 \(180–200\) \| 61 \(60–65\) \|/,
    )
    expect(md).toMatch(/\| create \(POST, small body\) \| 3,100 \(3,000–3,200\) \| 0\.30 .*\| 2 \| /)
    expect(md).toContain('Authenticated list: **0.76** of the floor (target ≥ 0.8: **not met**)')
    expect(md).toContain('the table grows during the run')
  })

  it('says when the list misses its target and when the server ran on PGlite', () => {
    const md = renderBenchmarks(
      results({
        settings: { runs: 1, durationSeconds: 3, warmupSeconds: 1, connections: 50, database: 'pglite' },
        api: { floor: load([10_000]), list: load([5_000]) },
      }),
    )
    expect(md).toContain('**embedded PGlite** (DATABASE_URL was not set')
    expect(md).toContain('**0.50** of the floor (target ≥ 0.8: **not met**)')
  })

  it('reports a bounded page of the 5,000-task user against the 50 ms target, with no floor ratio', () => {
    const met = renderBenchmarks(
      results({
        api: { floor: load([10_000]), 'page-first': load([60], { p50Ms: summarize([12, 13, 15]), p99Ms: summarize([20, 25, 30]) }), 'page-deep': load([50]) },
      }),
    )
    expect(met).toMatch(/\| first page of 5,000 tasks \(GET, 100 tasks, 1 connection\) \| 60 \| – \| 13\.0 \(12\.0–15\.0\) \| 25\.0 \(20\.0–30\.0\) \|/)
    expect(met).toContain(
      'first page p50 13.0 (12.0–15.0) ms, p99 25.0 (20.0–30.0) ms; deep page p50 2.4 (2.0–3.0) ms, p99 10.0 (9.0–12.0) ms (target p99 < 50 ms: met)',
    )
    const missed = renderBenchmarks(results({ api: { 'page-deep': load([30], { p99Ms: summarize([40, 45, 60]) }) } }))
    expect(missed).toContain('(target p99 < 50 ms: **not met**)')
    expect(renderBenchmarks(results())).not.toContain('Bounded list of a user')
  })

  it('reports JWKS fetches per 10,000 requests for the server and the floor', () => {
    const md = renderBenchmarks(
      results({
        api: {
          floor: load([10_000], { jwksFetches: 0, requests: 50_000 }),
          list: load([8_000], { jwksFetches: 1, requests: 40_000 }),
          toggle: load([4_000], { jwksFetches: 0, requests: 40_000 }),
        },
      }),
    )
    expect(md).toContain('| reference server | 1 | 80,000 | 0.13 |')
    expect(md).toContain('| floor | 0 | 50,000 | 0.00 |')
    expect(jwksFetchesPer10k(load([1], { jwksFetches: 3, requests: 20_000 }))).toBeCloseTo(1.5)
    expect(jwksFetchesPer10k(load([1], { jwksFetches: undefined }))).toBeUndefined()
  })

  it('lists the mocks side by side, the checklist wall times and the start times in seconds', () => {
    const md = renderBenchmarks(results())
    expect(md).toMatch(/\| MSW mock .*\| 5,100 \(5,000–5,200\) \|/)
    expect(md).toMatch(/\| Prism .*\| 950 \(900–1,000\) \|/)
    expect(md).toContain('| `tck check --target reference` | 42.0 (40.0–45.0) | 0 |')
    expect(md).toContain('| first on this machine | 20.0 |')
    expect(md).toContain('| cold | 12.5 (12.0–13.0) |')
    expect(md).toContain('| warm | 6.1 (6.0–6.4) |')
  })

  it('leaves out the sections a partial run did not measure, and appends the notes', () => {
    const md = renderBenchmarks(results({ mocks: {}, checks: {}, start: undefined }), '## Performance fixes\n\nBefore/after.')
    expect(md).not.toContain('## Mocks side by side')
    expect(md).not.toContain('## Checklist suite wall time')
    expect(md).not.toContain('to ready')
    expect(md.trimEnd().endsWith('Before/after.')).toBe(true)
  })

  it('puts every server variant beside the primary one, with the cache hit rate', () => {
    const md = renderBenchmarks(
      results({
        settings: { runs: 3, durationSeconds: 10, warmupSeconds: 1, connections: 50, database: 'postgres', primary: 'postgres' },
        api: { floor: load([10_000]), list: load([9_000], { cacheHitRate: 0.9995 }) },
        variants: { 'postgres-nocache': { list: load([6_000]) }, pglite: { list: load([4_000], { cacheHitRate: 1 }) } },
      }),
    )
    expect(md).toMatch(/\| list \(GET, 10 tasks\), PostgreSQL, cache on \| 9,000 \| 0\.90 \|.*\| 100\.0 % \|/)
    expect(md).toMatch(/\| list \(GET, 10 tasks\), PostgreSQL, cache off \| 6,000 \| 0\.60 \|.*\| – \|/)
    expect(md).toMatch(/\| list \(GET, 10 tasks\), PGlite, cache on \| 4,000 \| 0\.40 \|/)
    expect(md).toContain("| list ≥ 0.8 × the floor's requests/s, cache on | 0.90 (cache off: 0.60) | met |")
  })

  it('tabulates list latency by task count and throughput by distinct users with the hit rate', () => {
    const md = renderBenchmarks(
      results({
        api: {
          floor: load([10_000]),
          list: load([8_000]),
          'list-1k': load([3_000], { p50Ms: summarize([20]), p99Ms: summarize([45]) }),
          'list-5k': load([2_900]),
          'users-1': load([8_000], { cacheHitRate: 1 }),
          'users-100': load([7_900], { cacheHitRate: 0.999 }),
          'users-10k': load([5_000], { cacheHitRate: 0.5 }),
        },
      }),
    )
    expect(md).toContain('| 1,000 | 20.0 | 45.0 | 3,000 | 0 |')
    expect(md).toMatch(/\| 5,000 \| .* \| 2,900 \| 0 \|/)
    expect(md).toMatch(/\| 10 \| .* \| 8,000 \| 0 \|/)
    expect(md).toContain('| 10,000 | 5,000 | 0.50 | 2.4 (2.0–3.0) | 10.0 (9.0–12.0) | 0 | 50.0 % |')
    expect(md).toContain('| 100 | 7,900 | 0.79 |')
  })

  it('has a Targets row for every target of the issue, with a reason for each unmet one', () => {
    const md = renderBenchmarks(
      results({
        api: { floor: load([10_000]), list: load([9_000]), create: load([5_000]), toggle: load([7_000], { p99Ms: summarize([50]) }) },
        mocks: { msw: load([5_000]), prism: load([2_000]) },
        checks: { reference: { ms: summarize([6_500]), failures: 0 } },
        checkUrls: { reference: { ms: summarize([3_000]), failures: 0 }, msw: { ms: summarize([5_500]), failures: 0 } },
        selfTest: { ms: summarize([80_000]), failures: 0 },
        contractScaling: [
          { operations: 6, seconds: summarize([1]) },
          { operations: 24, seconds: summarize([3]) },
          { operations: 96, seconds: summarize([10]) },
        ],
        recorded: { npmTest: { seconds: 400, source: 'reports' } },
        start: { cold: summarize([5_000]), warm: summarize([3_000]), failures: 0 },
      }),
      undefined,
      { "create ≥ 0.7 × the floor's requests/s, cache on": 'the INSERT round trip (profile)' },
    )
    const rows = md.split('## Targets')[1]!.split('\n\n## ')[0]!
    const expected: [string, string][] = [
      ["list ≥ 0.8 × the floor's requests/s, cache on | 0.90", 'met'],
      ["create ≥ 0.7 × the floor's requests/s, cache on | 0.50", '**not met** | the INSERT round trip (profile)'],
      ["toggle ≥ 0.6 × the floor's requests/s, cache on | 0.70", 'met'],
      ['0 errors under load (every server and case) | 0', 'met'],
      ['p99 < 40 ms at 50 connections (list, create, toggle, cache on) | 50.0 ms (toggle)', '**not met** | queueing'],
      ['JWKS fetches ≤ 1 per 10,000 requests | 0.00', 'met'],
      ['`tck check --target <url>` of a running backend ≤ 5 s | 5.5 s (msw, the slower)', '**not met**'],
      ['`tck check --target reference` ≤ 7 s | 6.5 s', 'met'],
      ['`tck check --self-test` ≤ 90 s | 80.0 s', 'met'],
      ['contracts of 6/24/96 operations: time grows at most linearly | × 10.0 time for × 16 operations', 'met'],
      ['`npm test` ≤ 7 min | 400.0 s (reports)', 'met'],
      ['`.ci/run` ≤ 9 min | –', 'not measured by this run'],
      ['`npm start` ready, cold ≤ 6 s | 5.0 s', 'met'],
      ["MSW mock over HTTP ≥ 2 × Prism's requests/s (same list) | 2.50 ×", 'met'],
    ]
    for (const [target, verdict] of expected) expect(rows).toContain(`| ${target} | ${verdict}`)
    expect(
      rows
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| target')).length,
    ).toBe(expected.length)
  })

  it('lists the check of an already running backend and the self-test', () => {
    const md = renderBenchmarks(
      results({ checkUrls: { reference: { ms: summarize([3_000, 3_200]), failures: 0 } }, selfTest: { ms: summarize([85_000]), failures: 1 } }),
    )
    expect(md).toContain('| `tck check --target <url>` of a running reference server | 3.1 (3.0–3.2) | 0 |')
    expect(md).toContain('| `tck check --self-test` (1 run) | 85.0 | 1 |')
    // Under 90 s, but a failed run meets no target.
    expect(md).toContain('| `tck check --self-test` ≤ 90 s | 85.0 s, 1 failed run(s) | **not met** | a run failed')
  })
})
