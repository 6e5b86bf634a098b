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
}

/**
 * `page-first` and `page-deep`: one page (100 tasks) of a user with {@link BIG_LIST_SIZE} tasks, the
 * first and the last (offset 4,900), requested one at a time (1 connection): the answer time of a
 * bounded page, which the security review's F5 measured at 373–528 ms for the unbounded list.
 */
export const API_CASES = ['floor', 'list', 'create', 'toggle', 'page-first', 'page-deep'] as const
export type ApiCase = (typeof API_CASES)[number]

/** Tasks of the user the page cases list (the review's 5,000, each with a 255-character title and a 2,000-character description). */
export const BIG_LIST_SIZE = 5_000
/** Most milliseconds a bounded page of that user may take at p99 (issue 11). */
export const PAGE_TARGET_MS = 50

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
    /** The reference server's database; absent when no server case ran. */
    database?: 'postgres' | 'pglite'
  }
  api: Partial<Record<ApiCase, LoadSummary>>
  mocks: Partial<Record<'msw' | 'prism', LoadSummary>>
  /** `tck check --target …` wall times, in milliseconds; `failures` counts runs that did not exit 0. */
  checks: Partial<Record<'reference' | 'msw' | 'prism', { ms: Summary; failures: number }>>
  /** `tck start` time to `Ready.`, in milliseconds. */
  start?: { cold: Summary; warm: Summary; failures: number }
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
