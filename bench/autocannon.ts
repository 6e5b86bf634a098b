import type { EventEmitter } from 'node:events'
import { createRequire } from 'node:module'

/**
 * autocannon 9 ships no type declarations; this typed entry covers the part the tests use
 * (see its README, "API"). Loaded through `require`, so no ambient `declare module` is needed.
 */

/** The raw request autocannon is about to send; `setupRequest` may change any field. */
export interface AutocannonRequest {
  method?: string
  path?: string
  headers?: Record<string, string>
  body?: string | Buffer | undefined
}

export interface AutocannonRequestStep<C> {
  method?: string
  path?: string
  headers?: Record<string, string>
  body?: string
  /** Returns the request to send; a falsy value restarts the sequence (and resets the context). */
  setupRequest?: (request: AutocannonRequest, context: C) => AutocannonRequest | undefined
  onResponse?: (status: number, body: string, context: C, headers: Record<string, string>) => void
}

export interface AutocannonOptions<C> {
  url: string
  connections?: number
  /** Seconds. */
  duration?: number
  amount?: number
  /** Seconds to wait for a response. */
  timeout?: number
  method?: string
  headers?: Record<string, string>
  body?: string
  requests?: AutocannonRequestStep<C>[]
  initialContext?: C
}

export interface Histogram {
  average: number
  mean: number
  max: number
  min: number
  p50: number
  p90: number
  p99: number
  p99_9: number
}

export interface AutocannonResult {
  requests: Histogram & { total: number; sent: number }
  latency: Histogram
  duration: number
  errors: number
  timeouts: number
  mismatches: number
  non2xx: number
  resets: number
  statusCodeStats: Record<string, { count: number }>
  '1xx': number
  '2xx': number
  '3xx': number
  '4xx': number
  '5xx': number
}

export interface AutocannonInstance extends EventEmitter, PromiseLike<AutocannonResult> {
  stop(): void
}

type Autocannon = <C>(options: AutocannonOptions<C>) => AutocannonInstance

export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon
