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
  start: { cold: summarize([12_000, 12_500, 13_000]), warm: summarize([6_000, 6_100, 6_400]), failures: 0 },
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
    expect(md).toContain('Authenticated list: **0.76** of the floor (target ≥ 0.7: met)')
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
    expect(md).toContain('**0.50** of the floor (target ≥ 0.7: **not met**)')
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
})
