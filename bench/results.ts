import { readFileSync } from 'node:fs'
import { cpus, release, totalmem, type as osType } from 'node:os'
import type { Summary } from './stats.ts'

/** The machine a run happened on (numbers mean little without it). */
export interface MachineInfo {
  cpuModel: string
  /** Logical cores. */
  cores: number
  /** Total memory, in bytes. */
  memoryBytes: number
  /** `process.version`. */
  node: string
  /** Distribution name when known, else kernel type and release. */
  os: string
}

/** One load case over all runs. */
export interface LoadSummary {
  /** Requests per second. */
  rps: Summary
  /** Latency percentiles, in milliseconds. */
  p50Ms: Summary
  p99Ms: Summary
  /** Non-2xx responses plus socket errors, summed over all runs. */
  errors: number
  /** Completed requests, summed over all measured runs (warm-ups excluded). */
  requests: number
  /** Peak RSS of the serving process during a run, in bytes (absent when not measured). */
  peakRssBytes?: Summary
  /** CPU time of the serving process per request, in microseconds (absent when not measured). */
  cpuUsPerRequest?: Summary
  /** CPU time of the PostgreSQL backends per request, in microseconds (server cases on PostgreSQL only). */
  postgresCpuUsPerRequest?: Summary
  /** JWKS fetches the issuer counted during the measured runs (absent when not measured). */
  jwksFetches?: number
  /** Verified-token cache hits / (hits + misses) over the measured runs (absent when the cache is off). */
  cacheHitRate?: number
}

/**
 * `floor`, then the server cases. `page-first` and `page-deep`: one page (100 tasks) of a user with
 * {@link BIG_LIST_SIZE} tasks, the first and the last (offset 4,900), requested one at a time (1
 * connection): the answer time of a bounded page, which the security review's F5 measured at
 * 373–528 ms for the unbounded list. `list-1k`/`list-5k`: the first page of users with
 * {@link MID_LIST_SIZE} and {@link BIG_LIST_SIZE} tasks at the run's connections (the list case is
 * the 10-task point). `users-N`: the list of N distinct users in turn, each with its own token
 * (empty lists), so the verified-token cache holds N entries.
 */
export const API_CASES = ['floor', 'list', 'create', 'toggle', 'page-first', 'page-deep', 'list-1k', 'list-5k', 'users-1', 'users-100', 'users-10k'] as const
export type ApiCase = (typeof API_CASES)[number]

/** Cases every server variant runs (the others run on the primary server only). */
export const VARIANT_CASES = ['list', 'create', 'toggle'] as const
export type VariantCase = (typeof VARIANT_CASES)[number]

/** Distinct users of the `users-N` cases. */
export const USER_COUNTS = { 'users-1': 1, 'users-100': 100, 'users-10k': 10_000 } as const

/** Tasks of the user the page cases and `list-5k` list (the review's 5,000, each with a 255-character title and a 2,000-character description). */
export const BIG_LIST_SIZE = 5_000
/** Tasks of the `list-1k` user (same size of task). */
export const MID_LIST_SIZE = 1_000
/** Most milliseconds a bounded page of that user may take at p99 (issue 11). */
export const PAGE_TARGET_MS = 50

/** A reference server configuration: its database and whether the verified-token cache is on. */
export const SERVER_VARIANTS = ['postgres', 'postgres-nocache', 'pglite', 'pglite-nocache'] as const
export type ServerVariantId = (typeof SERVER_VARIANTS)[number]

/** What a variant id means. */
export function serverVariant(id: ServerVariantId): { database: 'postgres' | 'pglite'; verifyCache: boolean } {
  return { database: id.startsWith('postgres') ? 'postgres' : 'pglite', verifyCache: !id.endsWith('-nocache') }
}

/** Everything `npm run bench` measured; written to reports/bench.json and rendered to BENCHMARKS.md. */
export interface BenchResults {
  /** ISO time the run finished. */
  generatedAt: string
  machine: MachineInfo
  settings: {
    runs: number
    /** Length of each measured load run, in seconds. */
    durationSeconds: number
    /** Warm-up before each target, in seconds. */
    warmupSeconds: number
    connections: number
    /** The primary reference server's database; absent when no server case ran. */
    database?: 'postgres' | 'pglite'
    /** The primary server's variant (its cases are in `api`). */
    primary?: ServerVariantId
  }
  /** The floor and the primary server's cases. */
  api: Partial<Record<ApiCase, LoadSummary>>
  /** The other server variants' list, create and toggle, measured in the same runs. */
  variants?: Partial<Record<ServerVariantId, Partial<Record<VariantCase, LoadSummary>>>>
  /** `tck check --target <url>` of an already running backend (started before the clock). */
  checkUrls?: Partial<Record<'reference' | 'msw', { ms: Summary; failures: number }>>
  /** `tck check --self-test` wall time (one run: it takes minutes). */
  selfTest?: { ms: Summary; failures: number }
  /** Contract scaling (bench/contract-scaling.ts): seconds per run by operation count. */
  contractScaling?: { operations: number; seconds: Summary }[]
  /** Figures this run cannot measure, read from a recorded source or given by option. */
  recorded?: { npmTest?: RecordedFigure; ci?: RecordedFigure }
  mocks: Partial<Record<'msw' | 'prism', LoadSummary>>
  /** `tck check --target …` wall times, in milliseconds; `failures` counts runs that did not exit 0. */
  checks: Partial<Record<'reference' | 'msw' | 'prism', { ms: Summary; failures: number }>>
  /**
   * `tck start` time to `Ready.`, in milliseconds: `first` on a machine without the prepared PGlite
   * cluster (empty cache and state folder), `cold` with it (empty state folder), `warm` a restart.
   */
  start?: { first?: Summary; cold: Summary; warm: Summary; failures: number }
}

/** A duration this run did not measure, and where it comes from. */
export interface RecordedFigure {
  seconds: number
  /** E.g. `reports/vitest.json of 2026-12-06 13:00 UTC`, or `--npm-test-seconds (last known)`. */
  source: string
}

/** Describes this machine. */
export function describeMachine(): MachineInfo {
  const cpuList = cpus()
  let os = `${osType()} ${release()}`
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]
    if (pretty) os = `${pretty} (${osType()} ${release()})`
  } catch {
    // Not Linux, or no os-release: the kernel string is still true.
  }
  return { cpuModel: cpuList[0]?.model.trim() ?? 'unknown', cores: cpuList.length, memoryBytes: totalmem(), node: process.version, os }
}
